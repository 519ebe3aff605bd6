namespace PercepNet.Engine.Resampling;

/// <summary>
/// Kaiser-windowed sinc low-pass, sampled as a table of phases for a polyphase resampler.
/// The kernel h(t) = 2f_c·sinc(2f_c·t)·w(t/W) lives in input-sample time; row p holds the taps
/// that evaluate the filtered input at fractional position p/<see cref="PhaseCount"/> past an input sample.
/// When the ratio's interpolation factor is small the table holds every phase the ratio can hit
/// (exact); otherwise it holds a fine grid and the resampler interpolates linearly between rows.
/// </summary>
public sealed class PolyphaseFilterBank
{
    /// <summary>Stopband attenuation the design aims for; measured ≥ 90 dB (see the tests).</summary>
    public const double DefaultStopbandDb = 100;

    /// <summary>Passband edge as a fraction of the lower Nyquist frequency; the stopband starts at that Nyquist.</summary>
    public const double DefaultPassbandFraction = 0.9;

    private const long MaxExactTableSize = 1 << 19;
    private const int MaxExactPhases = 4096;

    private readonly float[] _taps;

    public PolyphaseFilterBank(RateRatio ratio,
        double stopbandDb = DefaultStopbandDb, double passbandFraction = DefaultPassbandFraction)
    {
        // Both the anti-imaging (up) and anti-aliasing (down) filter must stop at the lower Nyquist.
        double lowerNyquist = 0.5 * Math.Min(1.0, ratio.Factor);       // cycles per input sample
        double transition = lowerNyquist * (1 - passbandFraction);
        Cutoff = lowerNyquist * (1 + passbandFraction) / 2;           // −6 dB point, mid-transition
        Beta = KaiserWindow.Beta(stopbandDb);
        int span = (int)Math.Ceiling(KaiserWindow.Span(stopbandDb, transition)) + 1;
        TapCount = (span + 7) & ~7;                                   // whole SIMD vectors per row

        long exactSize = ratio.Interpolation * (long)TapCount;
        IsExact = ratio.Interpolation <= MaxExactPhases && exactSize <= MaxExactTableSize;
        // Linear interpolation between rows errs by ≈ (2π·f_c/P)²/8 of the peak tap; P ≈ 2048·f_c keeps it near −110 dB.
        PhaseCount = IsExact ? (int)ratio.Interpolation : (int)Math.Max(32, RoundUpToPowerOfTwo((int)Math.Ceiling(2048 * Cutoff)));
        RowCount = IsExact ? PhaseCount : PhaseCount + 1;

        _taps = new float[RowCount * TapCount];
        var row = new double[TapCount];
        double halfWidth = TapCount / 2.0;
        for (int p = 0; p < RowCount; p++)
        {
            double fraction = (double)p / PhaseCount, sum = 0;
            for (int j = 0; j < TapCount; j++)
            {
                double t = fraction + halfWidth - 1 - j;                // input sample k0 − K/2 + 1 + j sits at −t
                row[j] = Kernel(t, halfWidth);
                sum += row[j];
            }
            // Unit DC gain for every phase; rows p and P−p stay mirror images, so the delay stays exact.
            for (int j = 0; j < TapCount; j++) _taps[p * TapCount + j] = (float)(row[j] / sum);
        }
    }

    /// <summary>Taps per output sample (K); the kernel spans ±K/2 input samples.</summary>
    public int TapCount { get; }

    /// <summary>Phases per input sample: the ratio's interpolation factor when exact, else the fine grid size.</summary>
    public int PhaseCount { get; }

    /// <summary>True when every phase the ratio reaches has its own row (no interpolation).</summary>
    public bool IsExact { get; }

    /// <summary>Cutoff (−6 dB) in cycles per input sample.</summary>
    public double Cutoff { get; }

    public double Beta { get; }

    private int RowCount { get; }

    /// <summary>Taps of row <paramref name="phase"/> (0..PhaseCount, the last only when interpolating), oldest input first.</summary>
    public ReadOnlySpan<float> Row(int phase) => _taps.AsSpan(phase * TapCount, TapCount);

    private double Kernel(double t, double halfWidth)
    {
        double x = 2 * Cutoff * t;
        double sinc = Math.Abs(x) < 1e-12 ? 1 : Math.Sin(Math.PI * x) / (Math.PI * x);
        return 2 * Cutoff * sinc * KaiserWindow.Value(t / halfWidth, Beta);
    }

    private static int RoundUpToPowerOfTwo(int n)
    {
        int p = 1;
        while (p < n) p <<= 1;
        return p;
    }
}
