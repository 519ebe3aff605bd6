namespace PercepNet.Engine.Metrics;

/// <summary>
/// Segmental SNR as in Loizou, "Speech Enhancement: Theory and Practice" (comp_snr): 30 ms
/// Hann-windowed frames every 7.5 ms, per-frame SNR clamped to [−10, 35] dB, averaged over all frames.
/// The clamp keeps silent frames (no signal) and perfect frames (no error) from dominating the mean.
/// </summary>
public static class SegmentalSnr
{
    public const double MinDb = -10, MaxDb = 35;

    /// <summary>Mean clamped frame SNR in dB of <paramref name="estimate"/> against <paramref name="reference"/>.</summary>
    public static double Compute(ReadOnlySpan<float> reference, ReadOnlySpan<float> estimate, double sampleRate)
    {
        if (reference.Length != estimate.Length) throw new ArgumentException("reference and estimate must have the same length");
        int frame = (int)Math.Round(0.030 * sampleRate), hop = Math.Max(1, frame / 4);
        var window = new double[frame];
        for (int k = 0; k < frame; k++) window[k] = 0.5 * (1 - Math.Cos(2 * Math.PI * (k + 1) / (frame + 1)));

        double sum = 0;
        int count = 0;
        for (int start = 0; start + frame <= reference.Length; start += hop)
        {
            double signal = 0, noise = 0;
            for (int k = 0; k < frame; k++)
            {
                double s = reference[start + k] * window[k];
                double e = s - estimate[start + k] * window[k];
                signal += s * s;
                noise += e * e;
            }
            double snr = 10 * Math.Log10(signal / (noise + Stoi.MachineEpsilon) + Stoi.MachineEpsilon);
            sum += Math.Clamp(snr, MinDb, MaxDb);
            count++;
        }
        return count == 0 ? double.NaN : sum / count;
    }
}
