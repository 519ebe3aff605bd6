using PercepNet.Engine.Metrics;
using static PercepNet.Tests.Metrics.MetricSignals;

namespace PercepNet.Tests.Metrics;

public class ScaleInvariantSdrTests
{
    [Fact]
    public void Identical_signals_score_far_above_any_real_result()
    {
        var s = Voiced(16000, 16000);
        Assert.True(ScaleInvariantSdr.Compute(s, s) > 100);
    }

    [Theory]
    [InlineData(-5)]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(20)]
    [InlineData(30)]
    public void White_noise_at_a_known_SNR_scores_that_SNR(double snr)
    {
        var s = Voiced(16000, 48000);
        var estimate = Mix(s, Gaussian(s.Length, seed: 1), snr);
        Assert.InRange(ScaleInvariantSdr.Compute(s, estimate), snr - 0.1, snr + 0.1);
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.5)]
    [InlineData(3)]
    [InlineData(-2)]
    public void The_estimate_s_gain_does_not_matter(double gain)
    {
        var s = Voiced(16000, 16000);
        var estimate = Mix(s, Gaussian(s.Length, seed: 2), 5);
        var scaled = estimate.Select(v => (float)(v * gain)).ToArray();
        Assert.Equal(ScaleInvariantSdr.Compute(s, estimate), ScaleInvariantSdr.Compute(s, scaled), 4);
    }

    [Fact]
    public void A_dc_offset_does_not_matter_but_a_delay_does()
    {
        // Broadband reference, so that even a one-sample shift decorrelates it.
        var s = Gaussian(16000, seed: 3);
        var estimate = Mix(s, Gaussian(s.Length, seed: 4), 15);
        var offset = estimate.Select(v => v + 0.3f).ToArray();
        var delayed = new float[s.Length];
        Array.Copy(estimate, 0, delayed, 1, s.Length - 1);

        Assert.Equal(ScaleInvariantSdr.Compute(s, estimate), ScaleInvariantSdr.Compute(s, offset), 3);
        Assert.True(ScaleInvariantSdr.Compute(s, delayed) < -15);
    }
}
