using PercepNet.Engine.Metrics;
using PercepNet.Tests.Dsp;

namespace PercepNet.Tests.Metrics;

public class MetricsTests
{
    private static float[] Speechlike(int seconds = 3)
    {
        // Harmonic "syllables" switched on and off at 4 Hz: speech-like envelopes for STOI.
        var (x, _) = TestSignals.Harmonic(130, seconds, vibratoDepth: 0.1, vibratoRate: 3);
        for (int i = 0; i < x.Length; i++) x[i] *= (float)Math.Max(0, Math.Sin(2 * Math.PI * 4 * i / 48000.0));
        return x;
    }

    [Fact]
    public void SiSdrEqualsSnrForWhiteNoiseAndIgnoresGain()
    {
        var s = Speechlike();
        var noise = TestSignals.WhiteNoise(s.Length, 1);
        foreach (double snr in new[] { -5.0, 0, 10, 20 })
        {
            var y = TestSignals.MixAtSnr(s, noise, snr);
            double v = ScaleInvariantSdr.Compute(s, y);
            Assert.InRange(v, snr - 0.2, snr + 0.2);
            var scaled = y.Select(a => a * 0.1f).ToArray();
            Assert.Equal(v, ScaleInvariantSdr.Compute(s, scaled), 3);
        }
    }

    [Fact]
    public void StoiAndEstoiAreOneForIdenticalSignalsAndFallWithSnr()
    {
        var s = Speechlike();
        Assert.InRange(Stoi.Compute(s, s, 48000), 0.999, 1.0001);
        Assert.InRange(Stoi.Compute(s, s, 48000, extended: true), 0.999, 1.0001);
        var noise = TestSignals.WhiteNoise(s.Length, 2);
        double prevS = 2, prevE = 2;
        foreach (double snr in new[] { 20.0, 5, -5, -15 })
        {
            var y = TestSignals.MixAtSnr(s, noise, snr);
            double st = Stoi.Compute(s, y, 48000), es = Stoi.Compute(s, y, 48000, extended: true);
            Assert.True(st < prevS && es < prevE, $"SNR {snr}: STOI {st:F3} ESTOI {es:F3} not below {prevS:F3}/{prevE:F3}");
            prevS = st; prevE = es;
        }
        Assert.True(prevE < 0.5, $"ESTOI at -15 dB is {prevE:F3}");
    }

    [Fact]
    public void SegmentalSnrIsClampedAndTracksSnr()
    {
        var s = Speechlike();
        Assert.Equal(SegmentalSnr.MaxDb, SegmentalSnr.Compute(s, s, 48000), 6);
        var noise = TestSignals.WhiteNoise(s.Length, 3);
        double low = SegmentalSnr.Compute(s, TestSignals.MixAtSnr(s, noise, 0), 48000);
        double high = SegmentalSnr.Compute(s, TestSignals.MixAtSnr(s, noise, 15), 48000);
        Assert.True(high > low + 10, $"segSNR {low:F1} → {high:F1}");
        Assert.InRange(low, SegmentalSnr.MinDb, SegmentalSnr.MaxDb);
    }
}
