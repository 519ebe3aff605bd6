using PercepNet.Cli.Audio;
using PercepNet.Cli.Denoise;
using PercepNet.Engine;
using PercepNet.Engine.Dsp;

namespace PercepNet.Tests.Cli;

/// <summary>
/// The file pipeline over the real Engine chain (resampler → STFT → comb/gains → ISTFT → resampler) with unit gains,
/// which reconstructs its input: the output must then equal the input sample for sample, proving that the latency
/// the Engine reports and the CLI removes is the true one at every rate and lookahead.
/// </summary>
public class EngineAlignmentTests
{
    private sealed class UnitGains : IFrameGainSource
    {
        public void Estimate(FrameAnalysis newest, int lookahead, Span<float> gains, Span<float> strengths)
        {
            gains.Fill(1f);
            strengths.Clear();
        }

        public void Reset() { }
    }

    [Theory]
    [InlineData(48000, 0)]
    [InlineData(48000, 1)]
    [InlineData(48000, 2)]
    [InlineData(44100, 1)]
    [InlineData(16000, 2)]
    [InlineData(96000, 0)]
    public void Unit_gain_output_matches_the_input_sample_exactly_in_time(int rate, int lookahead)
    {
        var options = new DenoiseOptions { Input = "", Output = "", Lookahead = lookahead };
        ChannelEnhancerFactory factory = r => new EngineChannelEnhancer(EngineChannelEnhancer.CreateProcessor(new UnitGains(), r, options));
        var format = new AudioFormat(rate, 2, SampleEncoding.Float32);
        // Band-limited content (harmonics below 3 kHz) so the resamplers' passband edge does not count as error.
        var input = TestAudio.Speechlike(rate, 2, 1.5, noiseLevel: 0);

        var source = new MemoryStream();
        var w = new WavWriter(source, format);
        w.Write(input);
        w.Complete();
        source.Position = 0;
        using var reader = new WavReader(source);
        var sink = new MemoryStream();
        var writer = new WavWriter(sink, format);
        var result = new StreamDenoiser(factory).Run(reader, writer);
        writer.Complete();
        sink.Position = 0;
        using var back = new WavReader(sink);
        var output = TestAudio.ReadAll(back);

        Assert.Equal(input.Length, output.Length);
        Assert.True(result.LatencySamples > 0);
        // Skip the first 20 ms, where the engine's smoothing starts up.
        int start = rate / 50 * 2;
        Assert.True(ErrorDb(input, output, start, 0) < -50, $"aligned error {ErrorDb(input, output, start, 0):0.0} dB");
        int shift = rate / 12000; // ≈ 83 µs
        Assert.True(ErrorDb(input, output, start, shift) > -30, "a shift of a few samples must be clearly worse (test sensitivity)");
    }

    private static double ErrorDb(float[] x, float[] y, int start, int shift)
    {
        double err = 0, energy = 0;
        for (int i = start; i + shift < x.Length; i++)
        {
            double d = y[i + shift] - x[i];
            err += d * d;
            energy += (double)x[i] * x[i];
        }
        return 10 * Math.Log10(err / energy);
    }
}
