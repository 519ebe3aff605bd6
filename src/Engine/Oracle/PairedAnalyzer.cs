using PercepNet.Engine.Dsp;

namespace PercepNet.Engine.Oracle;

/// <summary>
/// Analyses a noisy input and its target speech side by side, hop by hop, exactly as the streaming
/// engine analyses its input: the noisy stream's pitch drives both comb filters (docs/DESIGN.md §3), and
/// per frame it yields the network features and the oracle targets g_b and r_b (with
/// <see cref="PitchSource.Clean"/> the clean stream's pitch drives both instead, to measure the
/// tracker's headroom; never for training data). This is the single
/// source of truth for training data (`percepnet dataset`) and for the oracle ladder.
/// </summary>
public sealed class PairedAnalyzer
{
    private readonly FrameAnalyzer _noisyAnalyzer;
    private readonly FrameAnalyzer _cleanAnalyzer;
    private readonly PitchSource _pitchSource;

    public PairedAnalyzer(ErbBands bands, PitchSource pitchSource = PitchSource.Noisy)
    {
        _noisyAnalyzer = new FrameAnalyzer(bands);
        _cleanAnalyzer = new FrameAnalyzer(bands);
        _pitchSource = pitchSource;
    }

    public FrameAnalysis Noisy { get; } = new();
    public FrameAnalysis Clean { get; } = new();

    public void Reset()
    {
        _noisyAnalyzer.Reset();
        _cleanAnalyzer.Reset();
    }

    /// <summary>Pushes one hop of both signals and analyses the newest frame of each.</summary>
    public void PushHop(ReadOnlySpan<float> noisyHop, ReadOnlySpan<float> cleanHop)
    {
        _noisyAnalyzer.PushHop(noisyHop);
        _cleanAnalyzer.PushHop(cleanHop);
        if (_pitchSource == PitchSource.Clean)
        {
            _cleanAnalyzer.Analyze(Clean);
            _noisyAnalyzer.Analyze(Noisy, Clean.Pitch);
        }
        else
        {
            _noisyAnalyzer.Analyze(Noisy);
            _cleanAnalyzer.Analyze(Clean, Noisy.Pitch);
        }
    }

    public void Features(Span<float> features)
    {
        // The network only ever sees the noisy input's pitch; features under the clean one would be a lie.
        if (_pitchSource != PitchSource.Noisy) throw new InvalidOperationException("features need PitchSource.Noisy");
        FeatureExtractor.Compute(Noisy, features);
    }
    public void Gains(Span<float> gains) => TrainingTargets.Gains(Noisy, Clean, gains);
    public void Strengths(Span<float> strengths) => TrainingTargets.Strengths(Noisy, Clean, strengths);
}
