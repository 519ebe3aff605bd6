namespace PercepNet.Cli.Audio;

/// <summary>
/// Triangular-PDF dither of ±1 LSB peak: the sum of two independent uniform values, which makes the
/// quantisation error independent of the signal (no distortion on quiet fades, only a flat noise floor).
/// Seeded, so the same input gives byte-identical output.
/// </summary>
public sealed class TpdfDither(ulong seed = 0x9E3779B97F4A7C15UL)
{
    private ulong _state = seed == 0 ? 1 : seed;

    /// <summary>Next dither value in LSB units, in (−1, 1).</summary>
    public double Next() => NextUniform() + NextUniform() - 1.0;

    // xorshift64*: fast and good enough for dither; System.Random would cost more per sample.
    private double NextUniform()
    {
        _state ^= _state >> 12;
        _state ^= _state << 25;
        _state ^= _state >> 27;
        return ((_state * 0x2545F4914F6CDD1DUL) >> 11) * (1.0 / (1UL << 53));
    }
}
