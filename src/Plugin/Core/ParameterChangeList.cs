namespace PercepNet.Plugin.Core;

/// <summary>
/// The changes of one block in the order the processor wants them: by sample offset, and in arrival order for equal
/// offsets (so the later of two changes to one parameter wins). Each shell owns one and fills it from its format's
/// events on the audio thread: the storage is made once, adding never allocates.
/// </summary>
public sealed class ParameterChangeList
{
    /// <summary>Far more than a host sends in one block; past it, see <see cref="Add"/>.</summary>
    public const int Capacity = 1024;

    readonly ParameterChange[] _changes = new ParameterChange[Capacity];

    public int Count { get; private set; }

    public ReadOnlySpan<ParameterChange> Changes => _changes.AsSpan(0, Count);

    public void Clear() => Count = 0;

    /// <summary>A factory preset chosen at <paramref name="sampleOffset"/> (VST3's program change in a block): one change
    /// per parameter the preset sets (<see cref="FactoryPresetValues"/>), in parameter order. An unknown preset adds
    /// nothing. Never allocates.</summary>
    public void AddPreset(int sampleOffset, int preset)
    {
        if ((uint)preset >= (uint)FactoryPresetValues.Count) return;
        var values = FactoryPresetValues.Values(preset);
        for (int i = 0; i < values.Length; i++)
            if (!double.IsNaN(values[i])) Add(sampleOffset, i, values[i]);
    }

    /// <summary>
    /// Inserts a change at its place (cheap for changes that arrive in order, as CLAP's do). Once full, a change
    /// replaces the latest stored change of the same parameter, so the block still ends on the value the host
    /// sent last; a parameter with no stored change is dropped. Unknown indices are ignored.
    /// </summary>
    public void Add(int sampleOffset, int parameterIndex, double plainValue)
    {
        if ((uint)parameterIndex >= (uint)Parameters.Count) return;
        var change = new ParameterChange(Math.Max(0, sampleOffset), parameterIndex, plainValue);
        if (Count == Capacity)
        {
            for (int i = Count - 1; i >= 0; i--)
                if (_changes[i].ParameterIndex == parameterIndex)
                {
                    _changes[i] = _changes[i] with { PlainValue = plainValue };
                    return;
                }
            return;
        }
        int at = Count;
        while (at > 0 && _changes[at - 1].SampleOffset > change.SampleOffset)
        {
            _changes[at] = _changes[at - 1];
            at--;
        }
        _changes[at] = change;
        Count++;
    }
}
