namespace PercepNet.Engine.Dsp;

/// <summary>The network's 70 raw inputs per frame (docs/FEATURES.md, docs/DESIGN.md §3).</summary>
public static class FeatureExtractor
{
    public const int Count = 2 * ErbBands.Count + 2;
    public const float EnergyFloor = 1e-6f;

    public static void Compute(FrameAnalysis frame, Span<float> features)
    {
        const int nb = ErbBands.Count;
        for (int b = 0; b < nb; b++)
        {
            features[b] = MathF.Log10(frame.EnergyX[b] + EnergyFloor);
            features[nb + b] = frame.Coherence[b];
        }
        features[2 * nb] = (frame.Pitch.Period - PitchEstimate.MinPeriod) / (float)(PitchEstimate.MaxPeriod - PitchEstimate.MinPeriod);
        features[2 * nb + 1] = frame.Pitch.Correlation;
    }
}
