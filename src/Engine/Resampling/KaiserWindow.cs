namespace PercepNet.Engine.Resampling;

/// <summary>
/// Kaiser window and Kaiser's empirical design formulas (Oppenheim &amp; Schafer, §7.6): β from the
/// wanted stopband attenuation, and the filter length that reaches it for a given transition width.
/// </summary>
public static class KaiserWindow
{
    /// <summary>Shape parameter β that gives <paramref name="attenuationDb"/> of stopband attenuation.</summary>
    public static double Beta(double attenuationDb) => attenuationDb switch
    {
        > 50 => 0.1102 * (attenuationDb - 8.7),
        >= 21 => 0.5842 * Math.Pow(attenuationDb - 21, 0.4) + 0.07886 * (attenuationDb - 21),
        _ => 0,
    };

    /// <summary>
    /// Filter span (in samples) that reaches <paramref name="attenuationDb"/> with a transition band of
    /// <paramref name="transitionWidth"/> cycles per sample.
    /// </summary>
    public static double Span(double attenuationDb, double transitionWidth) =>
        (attenuationDb - 7.95) / (14.36 * transitionWidth);

    /// <summary>Window value at <paramref name="x"/> ∈ [−1, 1] (0 outside).</summary>
    public static double Value(double x, double beta)
    {
        double r = 1 - x * x;
        return r <= 0 ? 0 : BesselI0(beta * Math.Sqrt(r)) / BesselI0(beta);
    }

    /// <summary>Zeroth-order modified Bessel function of the first kind, by its power series.</summary>
    public static double BesselI0(double x)
    {
        double sum = 1, term = 1, q = x * x / 4;
        for (int k = 1; k < 200 && term > 1e-17 * sum; k++)
        {
            term *= q / ((double)k * k);
            sum += term;
        }
        return sum;
    }
}
