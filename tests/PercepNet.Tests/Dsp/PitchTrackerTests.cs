using PercepNet.Engine.Dsp;

namespace PercepNet.Tests.Dsp;

public class PitchTrackerTests
{
    /// <summary>docs/DESIGN.md §2.4 / issue 3: period error &lt; 2 % on ≥ 95 % of voiced frames at 0 dB SNR.</summary>
    [Theory]
    [InlineData(80, "white", 0.95)]
    [InlineData(150, "white", 0.95)]
    [InlineData(400, "white", 0.95)]
    // Babble of eight harmonic voices at 0 dB: the target is met in white noise only. At 250 Hz a
    // babble voice near 2T or 3T used to win a quarter of the frames; the harmonic check on the
    // spectrum brings it to 93 % (75 % before). At 120 Hz 70 %: mostly near misses, where a babble
    // voice within ~10 % of T merges with the target's broad correlation peak, and half periods.
    // Below 150 Hz no local maximum of the correlation lies within 2 % in 7–15 % of the frames, so a
    // correlation tracker cannot reach 95 % there (docs/pitch-tracking.md has that bound and the variants
    // tried). These bars guard against regressions until the tracker meets the target (issue 3). Measured
    // across the range (2026-12-02): 80 Hz 48 %, 120 Hz 70 %, 150 Hz 72 %, 200 Hz 80 %, 250 Hz 93 %,
    // 300 Hz 96 %, 400 Hz 95 %. Real talkers are no easier: the same targets in 4, 8 or 16 summed Common
    // Voice utterances at 0 dB score 46-51 / 62-64 / 62-70 / 74-89 / 83-89 / 83-92 / 90-96 %.
    [InlineData(80, "babble", 0.45)]
    [InlineData(120, "babble", 0.65)]
    [InlineData(150, "babble", 0.68)]
    [InlineData(200, "babble", 0.76)]
    [InlineData(250, "babble", 0.90)]
    [InlineData(300, "babble", 0.93)]
    [InlineData(400, "babble", 0.93)]
    public void TracksHarmonicSignalsWithVibratoInNoiseAtZeroDb(double f0, string noiseKind, double required)
    {
        var (clean, period) = TestSignals.Harmonic(f0, 3.0, vibratoDepth: 0.04, vibratoRate: 5);
        var noise = noiseKind == "white" ? TestSignals.WhiteNoise(clean.Length, 11) : TestSignals.Babble(clean.Length, 12);
        var x = TestSignals.MixAtSnr(clean, noise, 0);

        var track = PitchTracks.Run(x);
        int good = 0, total = 0;
        for (int hop = 4; hop < track.Length; hop++) // before hop 4 the history is not yet full
        {
            int end = (hop + 1) * PitchTracks.Hop;
            // The correlation window covers the newest 960 samples: compare with the mean true period there.
            double truth = 0;
            for (int i = end - 960; i < end; i++) truth += period[i];
            truth /= 960;
            total++;
            if (Math.Abs(track[hop].Period - truth) / truth < 0.02) good++;
        }
        double fraction = (double)good / total;
        Assert.True(fraction >= required, $"f0 {f0} {noiseKind}: {fraction:P1} of frames within 2 %");
    }
}
