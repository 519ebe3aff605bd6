using PercepNet.Engine;
using PercepNet.Engine.Processing;

namespace PercepNet.Tests.Dsp;

public class ReconstructionTests
{
    public static TheoryData<int, int> Cases()
    {
        var d = new TheoryData<int, int>();
        foreach (int la in new[] { 0, 1, 2 })
            foreach (int block in new[] { 1, 37, 480, 4096, -1 }) d.Add(la, block);
        return d;
    }

    /// <summary>Unit gains: output equals input delayed by exactly LatencySamples, error below −100 dB.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void UnitGainsReproduceInputDelayedByReportedLatency(int lookahead, int block)
    {
        var (speech, _) = TestSignals.Harmonic(150, 1.5);
        var noise = TestSignals.WhiteNoise(speech.Length, 5, 0.05);
        var x = new float[speech.Length];
        for (int i = 0; i < x.Length; i++) x[i] = speech[i] + noise[i];

        var hops = new HopAdapter(new SpeechEnhancer(new UnitGainSource(), lookahead) { AttenuationLimitDb = 60, PostFilterAmount = 1 });
        var y = Run(hops, x, block, seed: lookahead * 10 + block);

        int d = hops.LatencySamples;
        Assert.Equal(480 * (2 + lookahead), d);
        double err = 0, sig = 0;
        for (int i = d; i < x.Length; i++)
        {
            double e = y[i] - x[i - d];
            err += e * e; sig += (double)x[i - d] * x[i - d];
        }
        double db = 10 * Math.Log10(err / sig);
        Assert.True(db < -100, $"reconstruction error {db:F1} dB");
        for (int i = 0; i < d; i++) Assert.True(MathF.Abs(y[i]) < 1e-6f, $"sample {i} before the latency is {y[i]}");
    }

    internal static float[] Run(HopAdapter e, float[] x, int block, int seed)
    {
        var y = new float[x.Length];
        var rng = new Random(seed);
        int pos = 0;
        while (pos < x.Length)
        {
            int n = block > 0 ? block : rng.Next(0, 3000);
            n = Math.Min(n, x.Length - pos);
            e.Process(x.AsSpan(pos, n), y.AsSpan(pos, n));
            pos += n;
        }
        return y;
    }
}
