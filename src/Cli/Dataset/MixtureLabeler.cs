using PercepNet.Engine.Dsp;
using PercepNet.Engine.Oracle;

namespace PercepNet.Cli.Dataset;

/// <summary>
/// Runs a mixture through the engine's own analysis (<see cref="PairedAnalyzer"/>) and writes one
/// record per frame: 70 features, 34 gains, 34 strengths, 34 loss weights (docs/FEATURES.md).
/// </summary>
public sealed class MixtureLabeler
{
    public const int RecordFloats = FeatureExtractor.Count + 3 * ErbBands.Count;
    /// <summary>Loss weight of bands above a band-limited source's cutoff, whose targets are extrapolated.</summary>
    public const float ExtrapolatedWeight = 0.25f;

    private readonly ErbBands _bands = new();
    private readonly PairedAnalyzer _analyzer;

    public MixtureLabeler() => _analyzer = new PairedAnalyzer(_bands);

    public int FramesFor(int samples) => samples / FrameAnalyzer.HopSize;

    /// <summary>
    /// Fills <paramref name="records"/> (frames × <see cref="RecordFloats"/>). Bands whose triangle reaches
    /// above <paramref name="bandEdgeHz"/> get the gain target of the highest valid band (speech
    /// there is unknown, not absent) at a reduced loss weight, so the network neither learns to remove
    /// high bands nor leaves them untrained when no fullband speech is used (data README).
    /// </summary>
    /// <remarks>
    /// <paramref name="narrowband"/> (speech from the 7–12 kHz corpora, mixer revision 8): above the edge the loss
    /// weight is 0, not extrapolated. Half or more of the band there is unknown speech over real noise: the
    /// extrapolated gain would teach the network to pass that noise whenever voice sounds below 8 kHz, and a
    /// target of 0 would teach it to remove real speech's high bands.
    /// </remarks>
    public void Label(float[] noisy, float[] target, double bandEdgeHz, Span<float> records, bool narrowband = false)
    {
        _analyzer.Reset();
        int frames = FramesFor(noisy.Length);
        int lastValid = Math.Max(0, _bands.LastBandBelow(bandEdgeHz));
        const int nf = FeatureExtractor.Count, nb = ErbBands.Count;
        for (int t = 0; t < frames; t++)
        {
            _analyzer.PushHop(noisy.AsSpan(t * FrameAnalyzer.HopSize, FrameAnalyzer.HopSize), target.AsSpan(t * FrameAnalyzer.HopSize, FrameAnalyzer.HopSize));
            var r = records.Slice(t * RecordFloats, RecordFloats);
            _analyzer.Features(r[..nf]);
            var gains = r.Slice(nf, nb);
            var strengths = r.Slice(nf + nb, nb);
            var weights = r.Slice(nf + 2 * nb, nb);
            _analyzer.Gains(gains);
            _analyzer.Strengths(strengths);
            for (int b = 0; b < nb; b++)
            {
                if (b <= lastValid) { weights[b] = 1f; continue; }
                gains[b] = gains[lastValid];
                strengths[b] = 0f;
                weights[b] = narrowband ? 0f : ExtrapolatedWeight;
            }
        }
    }
}
