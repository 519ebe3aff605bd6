namespace PercepNet.Cli.Evaluate;

/// <summary>Intrusive scores of an enhanced signal against its clean reference (Engine Metrics).</summary>
public sealed record ReferenceScores(double SiSdrDb, double Estoi, double SegSnrDb)
{
    public static ReferenceScores? Measure(float[] clean, float[] enhanced, int sampleRate)
    {
        // TODO(cli): call PercepNet.Engine.Metrics (SI-SDR, ESTOI, segmental SNR) once it lands.
        _ = (clean, enhanced, sampleRate);
        return null;
    }
}
