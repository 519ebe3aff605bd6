using PercepNet.Engine.Resampling;
using static PercepNet.Tests.Resampling.ResamplingHarness;

namespace PercepNet.Tests.Resampling;

public class WholeSignalResamplerTests
{
    [Theory]
    [InlineData(44100, 16000, 3000)]
    [InlineData(48000, 10000, 2000)]
    [InlineData(16000, 48000, 5000)]
    [InlineData(22050, 44100, 9000)]
    public void Output_is_time_aligned_with_the_input_and_of_matching_length(double from, double to, double frequency)
    {
        var input = Sine(frequency, from, (int)from);
        var output = WholeSignalResampler.Resample(input, from, to);

        Assert.Equal((int)Math.Round(input.Length * to / from), output.Length);
        // No delay at all: compare with the sine at the output's own sample times, away from both ends.
        int edge = (int)(0.02 * to);
        double snr = SnrAgainstDelayedSine(output[..^edge], edge, frequency, to, new RateRatio(1, 1), 0);
        Assert.True(snr > 80, $"SNR {snr:F1} dB");
    }
}
