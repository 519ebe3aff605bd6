namespace PercepNet.Engine.Metrics;

/// <summary>
/// SI-SDR (Le Roux et al., 2019): 10·log10(‖αs‖² / ‖αs − ŝ‖²), α = ⟨ŝ, s⟩/‖s‖², both zero-mean.
/// Invariant to the estimate's gain, so it measures distortion and residual noise, not level.
/// </summary>
public static class ScaleInvariantSdr
{
    public static double Compute(ReadOnlySpan<float> reference, ReadOnlySpan<float> estimate)
    {
        int n = Math.Min(reference.Length, estimate.Length);
        if (n == 0) throw new ArgumentException("empty signals");
        double ms = 0, me = 0;
        for (int i = 0; i < n; i++) { ms += reference[i]; me += estimate[i]; }
        ms /= n; me /= n;
        double dot = 0, ss = 0;
        for (int i = 0; i < n; i++)
        {
            double s = reference[i] - ms;
            dot += s * (estimate[i] - me);
            ss += s * s;
        }
        if (ss <= 0) return double.NegativeInfinity;
        double alpha = dot / ss, target = 0, err = 0;
        for (int i = 0; i < n; i++)
        {
            double t = alpha * (reference[i] - ms);
            double e = estimate[i] - me - t;
            target += t * t; err += e * e;
        }
        return 10 * Math.Log10((target + 1e-20) / (err + 1e-20));
    }
}
