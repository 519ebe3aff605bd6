using PercepNet.Engine.Metrics;
using static PercepNet.Tests.Metrics.MetricSignals;

namespace PercepNet.Tests.Metrics;

public class SegmentalSnrTests
{
    [Fact]
    public void Identical_signals_reach_the_35_dB_ceiling()
    {
        var s = Voiced(16000, 16000);
        Assert.Equal(SegmentalSnr.MaxDb, SegmentalSnr.Compute(s, s, 16000), 6);
    }

    [Fact]
    public void Silent_estimate_is_0_dB_and_silent_reference_is_the_minus_10_dB_floor()
    {
        var s = Voiced(16000, 16000);
        Assert.Equal(0, SegmentalSnr.Compute(s, new float[s.Length], 16000), 6);
        Assert.Equal(SegmentalSnr.MinDb, SegmentalSnr.Compute(new float[s.Length], s, 16000), 6);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(20)]
    public void Stationary_signal_and_noise_give_their_SNR_in_every_frame(double snr)
    {
        // White signal, white noise: every 30 ms frame has (nearly) the global SNR.
        var s = Gaussian(48000, seed: 4);
        var estimate = Mix(s, Gaussian(s.Length, seed: 5), snr);
        Assert.InRange(SegmentalSnr.Compute(s, estimate, 16000), snr - 0.5, snr + 0.5);
    }

    [Fact]
    public void Frames_are_clamped_so_a_silent_gap_does_not_dominate()
    {
        // Half the frames silent in the reference: those score −10 dB each, not −∞.
        var s = Gaussian(32000, seed: 6);
        Array.Clear(s, 16000, 16000);
        var estimate = Mix(s, Gaussian(s.Length, seed: 7), 20);
        Assert.InRange(SegmentalSnr.Compute(s, estimate, 16000), 2, 8);
    }
}
