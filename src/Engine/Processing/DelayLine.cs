namespace PercepNet.Engine.Processing;

/// <summary>
/// Integer-sample delay with a settable length up to a fixed maximum: the dry path that keeps
/// dry/wet mixing and bypass aligned with the processed path. In-place safe; no allocation after construction.
/// </summary>
public sealed class DelayLine
{
    private readonly float[] _ring;
    private int _write, _delay;

    public DelayLine(int maxDelay) => _ring = new float[maxDelay + 1];

    public int MaxDelay => _ring.Length - 1;

    /// <summary>Delay in samples; setting it clears the line.</summary>
    public int Delay
    {
        get => _delay;
        set { _delay = Math.Clamp(value, 0, MaxDelay); Reset(); }
    }

    public void Reset()
    {
        Array.Clear(_ring);
        _write = 0;
    }

    public void Process(ReadOnlySpan<float> input, Span<float> output)
    {
        int size = _ring.Length, read = _write - _delay;
        if (read < 0) read += size;
        for (int i = 0; i < input.Length; i++)
        {
            _ring[_write] = input[i];
            output[i] = _ring[read];
            if (++_write == size) _write = 0;
            if (++read == size) read = 0;
        }
    }
}
