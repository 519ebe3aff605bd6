using PercepNet.Engine.Metrics;

namespace PercepNet.Cli.Evaluate;

/// <summary>Intrusive scores of an enhanced signal against its clean reference, from the Engine's Metrics.</summary>
/// <param name="PauseErrorDb">SI-SDR's error in the reference's pauses over the target's energy, dB (NaN: no pause).</param>
/// <param name="SpeechErrorDb">The same in its speech frames (<see cref="SpeechPauseError"/>).</param>
public sealed record ReferenceScores(double SiSdrDb, double Estoi, double SegSnrDb, double PauseErrorDb, double SpeechErrorDb)
{
    /// <summary>
    /// Both signals at <paramref name="sampleRate"/>, already time-aligned (denoise output is). A length difference
    /// (e.g. an MP3 round trip) is cut to the shorter; null when nothing is left.
    /// </summary>
    public static ReferenceScores? Measure(float[] clean, float[] enhanced, int sampleRate)
    {
        int n = Math.Min(clean.Length, enhanced.Length);
        if (n == 0) return null;
        var reference = clean.AsSpan(0, n);
        var estimate = enhanced.AsSpan(0, n);
        var (pauses, speech) = SpeechPauseError.Compute(reference, estimate, sampleRate);
        return new ReferenceScores(
            ScaleInvariantSdr.Compute(reference, estimate),
            Stoi.Compute(reference, estimate, sampleRate, extended: true),
            SegmentalSnr.Compute(reference, estimate, sampleRate),
            pauses, speech);
    }
}
