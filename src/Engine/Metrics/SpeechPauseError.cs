namespace PercepNet.Engine.Metrics;

/// <summary>
/// Where SI-SDR's error lies: its error energy (the estimate minus the scaled reference, <see cref="ScaleInvariantSdr"/>)
/// summed over the pauses and over the speech frames, each relative to the whole target's energy. A pause is a 20 ms
/// frame of the reference more than 40 dB below its loudest frame, as the oracle ladder's non-speech residual defines
/// it. Noise left between words (what DNSMOS BAK and the spectrograms hear) is the first; speech taken and noise
/// kept under the voice, what decides SI-SDR at low input SNR, is the second (docs/generalization.md). The two add up
/// to SI-SDR's error: 10^(−SI-SDR/10) = 10^(pauses/10) + 10^(speech/10), up to the frames cut off at the end.
/// </summary>
public static class SpeechPauseError
{
    /// <summary>A pause frame's reference energy is below the loudest frame's times this (−40 dB).</summary>
    public const double PauseBelow = 1e-4;

    /// <summary>Which 20 ms frames of <paramref name="reference"/> are pauses: more than 40 dB
    /// (<see cref="PauseBelow"/>) below its loudest frame. A last partial frame is left out.</summary>
    public static bool[] PauseFrames(ReadOnlySpan<float> reference, int sampleRate)
    {
        var energy = FrameEnergy.Of(reference, FrameLength(sampleRate));
        double loudest = energy.DefaultIfEmpty(0).Max();
        return Array.ConvertAll(energy, e => e < loudest * PauseBelow);
    }

    /// <summary>(error in pauses, error in speech frames), dB relative to the target's energy; a part with no frames
    /// is NaN. Signals of the same length, time-aligned.</summary>
    public static (double PausesDb, double SpeechDb) Compute(ReadOnlySpan<float> reference, ReadOnlySpan<float> estimate, int sampleRate)
    {
        if (reference.Length != estimate.Length) throw new ArgumentException("reference and estimate must have the same length");
        int frame = FrameLength(sampleRate);
        var pause = PauseFrames(reference, sampleRate);
        if (pause.Length == 0) return (double.NaN, double.NaN);
        var (meanRef, meanEst, alpha) = ScaleInvariantSdr.Fit(reference, estimate);
        double targetEnergy = 0;
        for (int i = 0; i < reference.Length; i++)
        {
            double target = alpha * (reference[i] - meanRef);
            targetEnergy += target * target;
        }

        double pauseError = 0, speechError = 0;
        int pauses = 0;
        for (int f = 0; f < pause.Length; f++)
        {
            double e = 0;
            for (int i = f * frame; i < (f + 1) * frame; i++)
            {
                double error = estimate[i] - meanEst - alpha * (reference[i] - meanRef);
                e += error * error;
            }
            if (pause[f]) { pauseError += e; pauses++; }
            else speechError += e;
        }
        double Db(double error, int count) => count == 0 ? double.NaN
            : 10 * Math.Log10(Math.Max(error, 1e-300) / Math.Max(targetEnergy, 1e-300));
        return (Db(pauseError, pauses), Db(speechError, pause.Length - pauses));
    }

    private static int FrameLength(int sampleRate) => Math.Max(1, sampleRate / 50);
}
