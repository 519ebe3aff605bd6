using PercepNet.Cli.Audio;
using PercepNet.Cli.Denoise;

namespace PercepNet.Tests.Cli;

public class StreamDenoiserTests
{
    private static float[] Run(float[] input, AudioFormat format, ChannelEnhancerFactory factory, out StreamDenoiseResult result)
    {
        var source = new MemoryStream();
        var w = new WavWriter(source, format);
        w.Write(input);
        w.Complete();
        source.Position = 0;
        using var reader = new WavReader(source);
        var sink = new MemoryStream();
        var writer = new WavWriter(sink, format with { Encoding = SampleEncoding.Float32 });
        result = new StreamDenoiser(factory).Run(reader, writer);
        writer.Complete();
        sink.Position = 0;
        using var back = new WavReader(sink);
        return TestAudio.ReadAll(back);
    }

    [Theory]
    [InlineData(48000, 1, 2.0)]
    [InlineData(44100, 2, 1.3)]
    [InlineData(16000, 2, 0.004)] // shorter than the latency
    [InlineData(96000, 3, 0.5)]
    public void Output_is_aligned_sample_exactly_and_as_long_as_the_input(int rate, int channels, double seconds)
    {
        var format = new AudioFormat(rate, channels, SampleEncoding.Float32);
        var input = TestAudio.Speechlike(rate, channels, seconds);
        var output = Run(input, format, DelayingGain.Factory(0.5f), out var result);
        Assert.Equal(rate / 100 + 37, result.LatencySamples);
        Assert.Equal(input.Length, output.Length);
        for (int i = 0; i < input.Length; i++) Assert.Equal(0.5f * input[i], output[i]);
    }

    [Fact]
    public void Noise_reduction_estimate_reads_the_attenuation_of_quiet_parts()
    {
        var format = new AudioFormat(48000, 1, SampleEncoding.Float32);
        var input = TestAudio.Speechlike(48000, 1, 3.0);
        Run(input, format, DelayingGain.Factory(0.1f), out var attenuated);
        Run(input, format, DelayingGain.Factory(1f), out var unity);
        Assert.InRange(attenuated.NoiseReductionDb!.Value, 19.9, 20.1);
        Assert.InRange(unity.NoiseReductionDb!.Value, -0.01, 0.01);
    }

    [Fact]
    public void Samples_pushed_beyond_full_scale_are_counted_as_clipped()
    {
        var format = new AudioFormat(48000, 2, SampleEncoding.Float32);
        var input = TestAudio.Speechlike(48000, 2, 1.0);
        long expected = input.Count(x => Math.Abs(4f * x) > 1f);
        Run(input, format, DelayingGain.Factory(4f), out var result);
        Assert.True(expected > 0);
        Assert.Equal(expected, result.ClippedSamples);
    }
}
