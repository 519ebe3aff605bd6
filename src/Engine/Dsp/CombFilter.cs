namespace PercepNet.Engine.Dsp;

/// <summary>
/// FIR comb over whole pitch periods (docs/DESIGN.md §2.5): p(n) = Σ_k w_k·x(n − kT).
/// The paper's filter is symmetric (−M..M) and needs future samples; ours uses past periods only
/// (k = 0..2), because features and targets must not depend on the lookahead setting (one network
/// serves lookahead 0, 1 and 2). Harmonics at the period add coherently while noise between them
/// is attenuated by Σw² = 0.345 (−4.6 dB).
/// </summary>
public static class CombFilter
{
    private static readonly float[] WeightValues = [0.40f, 0.35f, 0.25f];
    public static ReadOnlySpan<float> Weights => WeightValues;
    public const int Taps = 3;
    /// <summary>History the filter reads beyond the frame itself.</summary>
    public const int ExtraHistory = (Taps - 1) * PitchEstimate.MaxPeriod;

    /// <summary>Filters the last <paramref name="output"/>.Length samples of <paramref name="history"/>.</summary>
    public static void Apply(ReadOnlySpan<float> history, int period, Span<float> output)
    {
        int n = output.Length;
        int end = history.Length;
        output.Clear();
        var w = Weights;
        for (int k = 0; k < Taps; k++)
            VectorMath.MultiplyAdd(history.Slice(end - n - k * period, n), w[k], output);
    }
}
