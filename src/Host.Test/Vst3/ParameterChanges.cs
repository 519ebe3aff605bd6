using System.Runtime.InteropServices;
using PercepNet.HostTest.Hosting;

namespace PercepNet.HostTest.Vst3;

[StructLayout(LayoutKind.Sequential)]
public unsafe struct IParamValueQueueVtbl
{
    public FUnknownVtbl Unknown;
    public delegate* unmanaged<void*, uint> GetParameterId;
    public delegate* unmanaged<void*, int> GetPointCount;
    public delegate* unmanaged<void*, int, int*, double*, int> GetPoint;
    public delegate* unmanaged<void*, int, double, int*, int> AddPoint;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct IParameterChangesVtbl
{
    public FUnknownVtbl Unknown;
    public delegate* unmanaged<void*, int> GetParameterCount;
    public delegate* unmanaged<void*, int, void*> GetParameterData;
    public delegate* unmanaged<void*, uint*, int*, void*> AddParameterData;
}

/// One parameter's automation points for a block (IParamValueQueue), normalized values.
/// Storage is preallocated so filling it on the audio thread does not allocate.
public sealed unsafe class ParamValueQueue : HostComObject
{
    static readonly IParamValueQueueVtbl* Vtable = CreateVtable();
    public uint ParameterId;
    readonly int[] _offsets;
    readonly double[] _values;
    public int Count;

    static IParamValueQueueVtbl* CreateVtable()
    {
        var v = AllocVtable<IParamValueQueueVtbl>();
        FillUnknown(&v->Unknown);
        v->GetParameterId = &GetParameterId;
        v->GetPointCount = &GetPointCount;
        v->GetPoint = &GetPoint;
        v->AddPoint = &AddPoint;
        return v;
    }

    public ParamValueQueue(int capacity) : base(Vtable)
    {
        _offsets = new int[capacity];
        _values = new double[capacity];
    }

    public bool Add(int offset, double value)
    {
        if (Count == _offsets.Length) return false;
        _offsets[Count] = offset;
        _values[Count] = value;
        Count++;
        return true;
    }

    protected override bool Implements(byte* iid) => Vst3Iids.IParamValueQueue.Matches(iid);

    [UnmanagedCallersOnly]
    static uint GetParameterId(void* self) => From<ParamValueQueue>(self).ParameterId;

    [UnmanagedCallersOnly]
    static int GetPointCount(void* self) => From<ParamValueQueue>(self).Count;

    [UnmanagedCallersOnly]
    static int GetPoint(void* self, int index, int* sampleOffset, double* value)
    {
        var me = From<ParamValueQueue>(self);
        if ((uint)index >= (uint)me.Count) return Vst3Result.InvalidArgument;
        *sampleOffset = me._offsets[index];
        *value = me._values[index];
        return Vst3Result.Ok;
    }

    [UnmanagedCallersOnly]
    static int AddPoint(void* self, int sampleOffset, double value, int* index)
    {
        var me = From<ParamValueQueue>(self);
        if (!me.Add(sampleOffset, value)) return Vst3Result.OutOfMemory;
        *index = me.Count - 1;
        return Vst3Result.Ok;
    }
}

/// IParameterChanges for one process call: one queue per parameter that changes in the block.
/// Used for input (host → plugin) and output (plugin → host) changes.
public sealed unsafe class ParameterChanges : HostComObject
{
    static readonly IParameterChangesVtbl* Vtable = CreateVtable();
    readonly ParamValueQueue[] _queues;
    int _used;

    static IParameterChangesVtbl* CreateVtable()
    {
        var v = AllocVtable<IParameterChangesVtbl>();
        FillUnknown(&v->Unknown);
        v->GetParameterCount = &GetParameterCount;
        v->GetParameterData = &GetParameterData;
        v->AddParameterData = &AddParameterData;
        return v;
    }

    public ParameterChanges(int maxParameters = 64, int maxPointsPerParameter = 8192) : base(Vtable)
    {
        _queues = new ParamValueQueue[maxParameters];
        for (int i = 0; i < maxParameters; i++) _queues[i] = new ParamValueQueue(maxPointsPerParameter);
    }

    public int Count => _used;

    public void Clear()
    {
        for (int i = 0; i < _used; i++) _queues[i].Count = 0;
        _used = 0;
    }

    ParamValueQueue? QueueFor(uint id)
    {
        for (int i = 0; i < _used; i++) if (_queues[i].ParameterId == id) return _queues[i];
        if (_used == _queues.Length) return null;
        ParamValueQueue queue = _queues[_used++];
        queue.ParameterId = id;
        queue.Count = 0;
        return queue;
    }

    public void Add(uint id, int offset, double normalized)
    {
        if (QueueFor(id) is not { } queue || !queue.Add(offset, normalized))
            throw new InvalidOperationException("too many parameter changes in one block");
    }

    protected override bool Implements(byte* iid) => Vst3Iids.IParameterChanges.Matches(iid);

    [UnmanagedCallersOnly]
    static int GetParameterCount(void* self) => From<ParameterChanges>(self)._used;

    [UnmanagedCallersOnly]
    static void* GetParameterData(void* self, int index)
    {
        var me = From<ParameterChanges>(self);
        return (uint)index < (uint)me._used ? me._queues[index].Native : null;
    }

    [UnmanagedCallersOnly]
    static void* AddParameterData(void* self, uint* id, int* index)
    {
        var me = From<ParameterChanges>(self);
        ParamValueQueue? queue = me.QueueFor(*id);
        if (queue == null) return null;
        *index = Array.IndexOf(me._queues, queue);
        return queue.Native;
    }

    public override void Dispose()
    {
        foreach (var q in _queues) q.Dispose();
        base.Dispose();
    }
}
