using PercepNet.Engine.Dsp;

namespace PercepNet.Engine.Oracle;

/// <summary>
/// Enhances a noisy signal with targets computed from the clean one (no network), through the same
/// analysis and synthesis as the streaming engine. Proves the DSP before any learning and stays as a
/// regression test (docs/DESIGN.md §3). Offline: whole signals in, output aligned to the input.
/// </summary>
public static class OracleLadder
{
    public static float[] Enhance(float[] clean, float[] noisy, OracleRung rung, PitchSource pitch = PitchSource.Noisy)
    {
        if (clean.Length != noisy.Length) throw new ArgumentException("clean and noisy must have the same length");
        const int hop = FrameAnalyzer.HopSize;
        var bands = new ErbBands();
        var analyzer = new PairedAnalyzer(bands, pitch);
        var synth = new FrameSynthesizer(bands, PowerComplementaryWindow.Create(FrameAnalyzer.FrameSize));
        var gains = new float[ErbBands.Count];
        var strengths = new float[ErbBands.Count];
        var binGains = new float[FrameAnalysis.Bins];
        var noisyHop = new float[hop];
        var cleanHop = new float[hop];
        // One extra hop flushes the last samples; the frame-synchronous delay is one hop.
        int hops = (noisy.Length + hop - 1) / hop + 1;
        var output = new float[hops * hop];
        for (int t = 0; t < hops; t++)
        {
            Fill(noisy, t * hop, noisyHop);
            Fill(clean, t * hop, cleanHop);
            analyzer.PushHop(noisyHop, cleanHop);
            var outHop = output.AsSpan(t * hop, hop);
            if (rung == OracleRung.BinMagnitude)
            {
                for (int k = 0; k < binGains.Length; k++)
                {
                    float xs = analyzer.Noisy.X[k].MagnitudeSquared, ss = analyzer.Clean.X[k].MagnitudeSquared;
                    binGains[k] = xs > 1e-20f ? MathF.Min(1f, MathF.Sqrt(ss / xs)) : 1f;
                }
                synth.SynthesizeBinGains(analyzer.Noisy, binGains, outHop);
                continue;
            }
            analyzer.Gains(gains);
            if (rung == OracleRung.BandGain) strengths.AsSpan().Clear();
            else analyzer.Strengths(strengths);
            if (rung == OracleRung.BandCombPostFilter)
                PostFilter.Apply(gains, analyzer.Noisy.EnergyX, amount: 1f, floorGain: 0f);
            synth.Synthesize(analyzer.Noisy, gains, strengths, outHop);
        }
        return output.AsSpan(hop, noisy.Length).ToArray();
    }

    private static void Fill(float[] x, int start, Span<float> hop)
    {
        hop.Clear();
        int n = Math.Min(hop.Length, x.Length - start);
        if (n > 0) x.AsSpan(start, n).CopyTo(hop);
    }
}
