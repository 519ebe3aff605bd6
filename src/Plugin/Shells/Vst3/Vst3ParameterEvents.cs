using PercepNet.Plugin.Core;

namespace PercepNet.Plugin.Shells.Vst3;

/// <summary>
/// The parameter changes of one process call (IParameterChanges: one queue per parameter, each
/// with points at sample offsets), merged into one list ordered by offset so the block can be
/// cut at each change. Preallocated: collecting and sorting never allocate on the audio thread.
/// </summary>
internal sealed unsafe class Vst3ParameterEvents
{
    const int Capacity = 1024;
    readonly int[] _offsets = new int[Capacity];
    readonly int[] _indices = new int[Capacity];
    readonly double[] _normalized = new double[Capacity];

    public int Count { get; private set; }
    public int Offset(int i) => _offsets[i];
    public int ParameterIndex(int i) => _indices[i];
    public double NormalizedValue(int i) => _normalized[i];

    public void Collect(void* changes, int numSamples)
    {
        Count = 0;
        if (changes == null) return;
        int queues = Vst3HostCalls.ParameterCount(changes);
        for (int q = 0; q < queues; q++)
        {
            void* queue = Vst3HostCalls.ParameterData(changes, q);
            if (queue == null) continue;
            int index = Parameters.IndexOf(Vst3HostCalls.QueueParameterId(queue));
            int points = Vst3HostCalls.QueuePointCount(queue);
            if (index < 0 || points <= 0) continue;
            // Past capacity keep only each queue's last point: the value the block must end with.
            int first = Count + points <= Capacity ? 0 : points - 1;
            for (int p = first; p < points && Count < Capacity; p++)
            {
                int offset = 0;
                double value = 0;
                if (Vst3HostCalls.QueuePoint(queue, p, &offset, &value) != TResult.Ok) continue;
                Insert(Math.Clamp(offset, 0, Math.Max(numSamples, 0)), index, value);
            }
        }
    }

    /// <summary>Insertion keeps the list ordered by offset, stable for equal offsets.</summary>
    void Insert(int offset, int index, double value)
    {
        int at = Count;
        while (at > 0 && _offsets[at - 1] > offset)
        {
            _offsets[at] = _offsets[at - 1];
            _indices[at] = _indices[at - 1];
            _normalized[at] = _normalized[at - 1];
            at--;
        }
        _offsets[at] = offset;
        _indices[at] = index;
        _normalized[at] = value;
        Count++;
    }
}
