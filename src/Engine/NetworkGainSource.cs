using PercepNet.Engine.Dsp;
using PercepNet.Engine.Inference;

namespace PercepNet.Engine;

/// <summary>The trained network as the engine's gain source: features of the newest frame in, g_b and r_b out.</summary>
public sealed class NetworkGainSource : IFrameGainSource
{
    private readonly GainNetwork _network;
    private readonly float[] _features = new float[FeatureExtractor.Count];

    public NetworkGainSource(PercepNetModel model)
    {
        if (model.FeatureCount != FeatureExtractor.Count || model.BandCount != ErbBands.Count)
            throw new InvalidModelException($"model expects {model.FeatureCount} features and {model.BandCount} bands; this engine computes {FeatureExtractor.Count} and {ErbBands.Count}");
        _network = new GainNetwork(model);
    }

    public void Estimate(FrameAnalysis newest, int lookahead, Span<float> gains, Span<float> strengths)
    {
        FeatureExtractor.Compute(newest, _features);
        _network.Step(_features, lookahead, gains, strengths);
    }

    public void Reset() => _network.Reset();
}
