namespace PercepNet.Cli.Evaluate;

/// <summary>Scores of one enhanced file (null where not measured); also used for the mean row.</summary>
public sealed record EvaluationRow
{
    public required string File { get; init; }
    public double? DnsmosSig { get; init; }
    public double? DnsmosBak { get; init; }
    public double? DnsmosOvrl { get; init; }
    /// <summary>Scale-invariant SDR against the clean reference, dB.</summary>
    public double? SiSdrDb { get; init; }
    public double? Estoi { get; init; }
    public double? SegSnrDb { get; init; }
    /// <summary>SI-SDR's error energy in the clean reference's pauses, over the target's energy, dB: noise left between
    /// words (Engine.Metrics.SpeechPauseError). Null where the reference has no pause.</summary>
    public double? PauseErrorDb { get; init; }
    /// <summary>The same in the speech frames: speech taken and noise kept under the voice.</summary>
    public double? SpeechErrorDb { get; init; }
    /// <summary>How far the enhanced file lies below the noisy input, in dB of energy (noise-only input: how much
    /// of the noise is removed).</summary>
    public double? AttenuationDb { get; init; }
    public string? Error { get; init; }

    public static EvaluationRow Mean(IReadOnlyList<EvaluationRow> rows)
    {
        double? Avg(Func<EvaluationRow, double?> pick)
        {
            var values = rows.Select(pick).OfType<double>().ToList();
            return values.Count == 0 ? null : Math.Round(values.Average(), 3);
        }
        return new EvaluationRow
        {
            File = $"mean of {rows.Count(r => r.Error is null)}",
            DnsmosSig = Avg(r => r.DnsmosSig),
            DnsmosBak = Avg(r => r.DnsmosBak),
            DnsmosOvrl = Avg(r => r.DnsmosOvrl),
            SiSdrDb = Avg(r => r.SiSdrDb),
            Estoi = Avg(r => r.Estoi),
            SegSnrDb = Avg(r => r.SegSnrDb),
            PauseErrorDb = Avg(r => r.PauseErrorDb),
            SpeechErrorDb = Avg(r => r.SpeechErrorDb),
            AttenuationDb = Avg(r => r.AttenuationDb),
        };
    }
}
