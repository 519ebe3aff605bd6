namespace PercepNet.Plugin.Shells.Vst3;

/// <summary>
/// Calls into the host's VST3 objects by vtable slot (slot 0–2 are FUnknown's). Slots follow the
/// method order in the headers: IBStream (base/ibstream.h), IComponentHandler
/// (vst/ivsteditcontroller.h), IParameterChanges and IParamValueQueue (vst/ivstparameterchanges.h).
/// </summary>
internal static unsafe class Vst3HostCalls
{
    static void* Slot(void* obj, int index) => (*(void***)obj)[index];

    public static uint AddRef(void* obj) => ((delegate* unmanaged<void*, uint>)Slot(obj, 1))(obj);
    public static uint Release(void* obj) => ((delegate* unmanaged<void*, uint>)Slot(obj, 2))(obj);

    // IBStream: read(buffer, numBytes, numBytesRead*), write(buffer, numBytes, numBytesWritten*)
    public static int StreamRead(void* stream, void* buffer, int count, int* read)
        => ((delegate* unmanaged<void*, void*, int, int*, int>)Slot(stream, 3))(stream, buffer, count, read);
    public static int StreamWrite(void* stream, void* buffer, int count, int* written)
        => ((delegate* unmanaged<void*, void*, int, int*, int>)Slot(stream, 4))(stream, buffer, count, written);

    // IComponentHandler: beginEdit, performEdit, endEdit, restartComponent
    public static int BeginEdit(void* handler, uint id) => ((delegate* unmanaged<void*, uint, int>)Slot(handler, 3))(handler, id);
    public static int PerformEdit(void* handler, uint id, double normalized)
        => ((delegate* unmanaged<void*, uint, double, int>)Slot(handler, 4))(handler, id, normalized);
    public static int EndEdit(void* handler, uint id) => ((delegate* unmanaged<void*, uint, int>)Slot(handler, 5))(handler, id);
    public static int RestartComponent(void* handler, int flags)
        => ((delegate* unmanaged<void*, int, int>)Slot(handler, 6))(handler, flags);

    // IParameterChanges: getParameterCount, getParameterData(index)
    public static int ParameterCount(void* changes) => ((delegate* unmanaged<void*, int>)Slot(changes, 3))(changes);
    public static void* ParameterData(void* changes, int index)
        => ((delegate* unmanaged<void*, int, void*>)Slot(changes, 4))(changes, index);

    // IParameterChanges: addParameterData(const ParamID&, int32& index) → IParamValueQueue*
    public static void* AddParameterData(void* changes, uint* id, int* index)
        => ((delegate* unmanaged<void*, uint*, int*, void*>)Slot(changes, 5))(changes, id, index);

    // IParamValueQueue: addPoint(sampleOffset, value, int32& index)
    public static int QueueAddPoint(void* queue, int sampleOffset, double value, int* index)
        => ((delegate* unmanaged<void*, int, double, int*, int>)Slot(queue, 6))(queue, sampleOffset, value, index);

    // IParamValueQueue: getParameterId, getPointCount, getPoint(index, sampleOffset*, value*)
    public static uint QueueParameterId(void* queue) => ((delegate* unmanaged<void*, uint>)Slot(queue, 3))(queue);
    public static int QueuePointCount(void* queue) => ((delegate* unmanaged<void*, int>)Slot(queue, 4))(queue);
    public static int QueuePoint(void* queue, int index, int* sampleOffset, double* value)
        => ((delegate* unmanaged<void*, int, int*, double*, int>)Slot(queue, 5))(queue, index, sampleOffset, value);
}
