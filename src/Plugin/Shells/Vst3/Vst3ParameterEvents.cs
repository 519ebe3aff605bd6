using PercepNet.Plugin.Core;

namespace PercepNet.Plugin.Shells.Vst3;

/// <summary>
/// The parameter changes of one process call (IParameterChanges: one queue per parameter, each with points at
/// sample offsets) as one list ordered by offset (<see cref="ParameterChangeList"/>, preallocated: collecting never
/// allocates on the audio thread). VST3 sends normalized values; the list holds plain ones. The "Preset" program-change
/// parameter becomes the changes of the preset it picks.
/// </summary>
internal static unsafe class Vst3ParameterEvents
{
    public static void Collect(void* changes, int numSamples, ParameterChangeList list)
    {
        list.Clear();
        if (changes == null) return;
        int queues = Vst3HostCalls.ParameterCount(changes);
        for (int q = 0; q < queues; q++)
        {
            void* queue = Vst3HostCalls.ParameterData(changes, q);
            if (queue == null) continue;
            uint id = Vst3HostCalls.QueueParameterId(queue);
            int index = Parameters.IndexOf(id);
            bool preset = id == (uint)ParameterId.Preset;
            int points = Vst3HostCalls.QueuePointCount(queue);
            if (index < 0 && !preset) continue;
            for (int p = 0; p < points; p++)
            {
                int offset = 0;
                double value = 0;
                if (Vst3HostCalls.QueuePoint(queue, p, &offset, &value) != TResult.Ok) continue;
                offset = Math.Clamp(offset, 0, Math.Max(numSamples, 0));
                // A program change: the preset's values, each at the change's sample.
                if (preset) list.AddPreset(offset, (int)Parameters.Preset.FromNormalized(value));
                else list.Add(offset, index, Parameters.All[index].FromNormalized(value));
            }
        }
    }
}
