namespace PercepNet.Engine.Metrics;

/// <summary>
/// Scale-invariant signal-to-distortion ratio (Le Roux et al., "SDR – half-baked or well done?",
/// ICASSP 2019): both signals made zero-mean, the reference scaled to best fit the estimate,
/// and the energy of that target compared with what remains. Insensitive to the estimate's gain.
/// </summary>
public static class ScaleInvariantSdr
{
    /// <summary>Both signals' means and the scale α of the zero-mean reference that best fits the zero-mean estimate:
    /// the target is α·(reference − mean), the error what remains of the estimate.</summary>
    public readonly record struct Projection(double MeanReference, double MeanEstimate, double Alpha);

    /// <summary>The projection SI-SDR measures against (signals of the same length; an empty pair gives α = 0).</summary>
    public static Projection Fit(ReadOnlySpan<float> reference, ReadOnlySpan<float> estimate)
    {
        if (reference.Length != estimate.Length) throw new ArgumentException("reference and estimate must have the same length");
        int n = reference.Length;
        if (n == 0) return new Projection(0, 0, 0);
        double meanRef = 0, meanEst = 0;
        for (int i = 0; i < n; i++) { meanRef += reference[i]; meanEst += estimate[i]; }
        meanRef /= n;
        meanEst /= n;
        double cross = 0, refEnergy = 0;
        for (int i = 0; i < n; i++)
        {
            double s = reference[i] - meanRef;
            cross += s * (estimate[i] - meanEst);
            refEnergy += s * s;
        }
        return new Projection(meanRef, meanEst, cross / Math.Max(refEnergy, double.Epsilon));
    }

    /// <summary>SI-SDR in dB of <paramref name="estimate"/> against <paramref name="reference"/> (same length, time-aligned).</summary>
    public static double Compute(ReadOnlySpan<float> reference, ReadOnlySpan<float> estimate)
    {
        var (meanRef, meanEst, alpha) = Fit(reference, estimate);
        int n = reference.Length;
        if (n == 0) return double.NaN;

        double targetEnergy = 0, errorEnergy = 0;
        for (int i = 0; i < n; i++)
        {
            double target = alpha * (reference[i] - meanRef);
            double error = estimate[i] - meanEst - target;
            targetEnergy += target * target;
            errorEnergy += error * error;
        }
        return 10 * Math.Log10(Math.Max(targetEnergy, 1e-300) / Math.Max(errorEnergy, 1e-300));
    }
}
