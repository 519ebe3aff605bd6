namespace PercepNet.Engine.Dsp;

/// <summary>Pitch of one frame: period in samples at 48 kHz (60..768) and its normalised correlation (0..1).</summary>
public readonly record struct PitchEstimate(int Period, float Correlation)
{
    public const int MinPeriod = 60;   // 800 Hz
    public const int MaxPeriod = 768;  // 62.5 Hz
}
