using PercepNet.Engine.Inference;
using PercepNet.Engine.Processing;

namespace PercepNet.Tests.Processing;

/// <summary>The processor over the shipped network, as the plugin and the CLI run it.</summary>
public class ChannelProcessorModelTests
{
    private static PercepNetModel Model => BuiltInModels.TryLoadDefault() ?? throw new InvalidOperationException("the build ships models/percepnet-light.pnm");

    [Fact]
    public void Noise_alone_is_strongly_attenuated_at_44k1()
    {
        var processor = new ChannelProcessor(Model, 44100);
        var noise = Noise(44100, seed: 1, level: 0.2f);
        var output = new float[noise.Length];
        processor.Process(noise, output);

        double attenuation = EnergyDb(noise.AsSpan(22050)) - EnergyDb(output.AsSpan(22050));
        Assert.True(attenuation > 10, $"{attenuation:F1} dB");
    }

    [Fact]
    public void Block_size_never_changes_the_output()
    {
        var input = Noise(22050, seed: 2, level: 0.1f);
        var whole = new float[input.Length];
        new ChannelProcessor(Model, 44100).Process(input, whole);

        var random = new Random(3);
        var processor = new ChannelProcessor(Model, 44100);
        var output = new float[input.Length];
        for (int done = 0; done < input.Length;)
        {
            int n = Math.Min(random.Next(0, 2000), input.Length - done);
            processor.Process(input.AsSpan(done, n), output.AsSpan(done, n));
            done += n;
        }
        Assert.Equal(whole, output);
    }

    [Theory]
    [InlineData(44100, 0)]
    [InlineData(44100, 2)]
    [InlineData(96000, 1)]
    public void Latency_does_not_depend_on_the_gain_source(double rate, int lookahead)
    {
        var withModel = new ChannelProcessor(Model, rate, lookahead);
        var withUnitGains = new ChannelProcessor(ConstantGainSource.Enhancer(1f, lookahead), rate);
        Assert.Equal(withUnitGains.LatencySamples, withModel.LatencySamples);
        Assert.Equal(lookahead, withModel.Lookahead);
    }

    private static float[] Noise(int count, int seed, float level)
    {
        var random = new Random(seed);
        var x = new float[count];
        for (int i = 0; i < count; i++) x[i] = (float)(random.NextDouble() - 0.5) * 2 * level;
        return x;
    }

    private static double EnergyDb(ReadOnlySpan<float> x)
    {
        double sum = 0;
        foreach (float v in x) sum += (double)v * v;
        return 10 * Math.Log10(sum + 1e-30);
    }
}
