namespace PercepNet.Cli.Denoise;

/// <summary>What happened to one file; printed as a line, or as JSON with <c>--json</c>.</summary>
public sealed record DenoiseReport
{
    public required string Input { get; init; }
    public required string Output { get; init; }
    /// <summary>"done", "skipped" (output already there, batch mode) or "failed".</summary>
    public required string Status { get; init; }
    public string? Error { get; init; }
    /// <summary>The factory preset the settings came from (<c>--preset</c>), by its key; absent without one.</summary>
    public string? Preset { get; init; }
    public int? SampleRate { get; init; }
    public int? Channels { get; init; }
    public string? Format { get; init; }
    public double? DurationSeconds { get; init; }
    public double? ProcessingSeconds { get; init; }
    /// <summary>Audio seconds per wall-clock second for this file (single-threaded).</summary>
    public double? SpeedTimesRealTime { get; init; }
    /// <summary>See <see cref="NoiseReductionMeter"/>: an estimate, not a measurement against a clean reference.</summary>
    public double? NoiseReductionDb { get; init; }
    /// <summary>The plug-ins' gain-reduction meter (speech band, compressor-style smoothing) over the file: the mean and
    /// the 95th percentile of its readings per 10 ms with sound, every channel counted.</summary>
    public double? GainReductionMeanDb { get; init; }
    public double? GainReductionP95Db { get; init; }
    public long? ClippedSamples { get; init; }
    public int? LatencySamples { get; init; }
}
