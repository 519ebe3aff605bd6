using PercepNet.Engine;
using PercepNet.Engine.Processing;
using static PercepNet.Tests.Processing.HostRateAdapterTests;

namespace PercepNet.Tests.Processing;

public class ChannelProcessorTests
{
    [Theory]
    [InlineData(8000, 1)]
    [InlineData(16000, 1)]
    [InlineData(22050, 1)]
    [InlineData(44100, 0)]
    [InlineData(44100, 1)]
    [InlineData(44100, 2)]
    [InlineData(48000, 0)]
    [InlineData(48000, 2)]
    [InlineData(96000, 1)]
    [InlineData(192000, 1)]
    public void The_enhanced_path_is_delayed_by_exactly_LatencySamples(double rate, int lookahead)
    {
        // Unit gains make the enhancer a pure delay, so what comes out is the input, shifted.
        var processor = new ChannelProcessor(ConstantGainSource.Enhancer(1f, lookahead), rate);
        var input = Sine(0.2 * Math.Min(rate, 48000), rate, (int)(rate * 0.3));
        var output = new float[input.Length];
        processor.Process(input, output);

        int lat = processor.LatencySamples;
        Assert.True(SnrDb(output, input, lat) > 80, $"SNR {SnrDb(output, input, lat):F1} dB at latency {lat}");
        Assert.True(SnrDb(output, input, lat + 1) < 50);
        if (rate == 48000) Assert.Equal(SpeechEnhancer.HopSize * (2 + lookahead), lat);
    }

    [Theory]
    [InlineData(44100)]
    [InlineData(48000)]
    [InlineData(88200)]
    public void An_impulse_comes_out_at_LatencySamples(double rate)
    {
        var processor = new ChannelProcessor(ConstantGainSource.Enhancer(1f), rate);
        var input = new float[(int)(rate * 0.2)];
        input[1000] = 1;
        var output = new float[input.Length];
        processor.Process(input, output);

        Assert.Equal(1000 + processor.LatencySamples, ArgMaxAbs(output));
    }

    [Fact]
    public void Lookahead_changes_the_latency_and_it_stays_exact()
    {
        var processor = new ChannelProcessor(ConstantGainSource.Enhancer(1f, 0), 44100);
        var latencies = new List<int>();
        foreach (int lookahead in new[] { 0, 1, 2, 1, 0 })
        {
            processor.Lookahead = lookahead;
            var input = Sine(3000, 44100, 16000);
            var output = new float[input.Length];
            processor.Process(input, output);
            Assert.True(SnrDb(output, input, processor.LatencySamples) > 80);
            latencies.Add(processor.LatencySamples);
        }
        Assert.True(latencies[0] < latencies[1] && latencies[1] < latencies[2]);
        Assert.Equal(latencies[0], latencies[4]);
        Assert.Equal(latencies[1], latencies[3]);
        processor.Lookahead = 7;
        Assert.Equal(SpeechEnhancer.MaxLookahead, processor.Lookahead);
    }

    [Theory]
    [InlineData(44100)]
    [InlineData(48000)]
    public void Fully_dry_output_is_the_input_delayed_by_LatencySamples_bit_exact(double rate)
    {
        var processor = new ChannelProcessor(ConstantGainSource.Enhancer(0.1f), rate) { DryWet = 0 };
        var input = Noise(20000, seed: 4);
        var output = new float[input.Length];
        processor.Process(input, output);

        int lat = processor.LatencySamples;
        for (int n = 0; n < output.Length; n++) Assert.Equal(n >= lat ? input[n - lat] : 0f, output[n]);
    }

    [Fact]
    public void Dry_wet_mix_never_combs()
    {
        // Unit gains: wet and dry are the same signal, so any misalignment would show as comb filtering.
        var processor = new ChannelProcessor(ConstantGainSource.Enhancer(1f), 44100) { DryWet = 0.5f };
        var input = Noise(44100 / 2, seed: 5);
        var output = new float[input.Length];
        processor.Process(input, output);

        // White noise through the resamplers loses the band above 0.9 × Nyquist in the wet half only.
        Assert.True(SnrDb(output, input, processor.LatencySamples) > 15);
        Assert.True(SnrDb(output, input, processor.LatencySamples + 1) < 5);
    }

    [Fact]
    public void Dry_wet_mixes_the_two_paths_in_proportion()
    {
        // Gain 0.1 everywhere: wet = 0.1·dry, so DryWet = 0.5 gives 0.55·dry.
        var processor = new ChannelProcessor(ConstantGainSource.Enhancer(0.1f), 48000) { DryWet = 0.5f };
        var input = Sine(1000, 48000, 24000);
        var output = new float[input.Length];
        processor.Process(input, output);

        double ratio = Rms(output.AsSpan(12000)) / Rms(input.AsSpan(12000 - processor.LatencySamples, 12000));
        Assert.InRange(ratio, 0.54, 0.56);
    }

    [Fact]
    public void Bypass_crossfades_without_a_click_to_the_latency_aligned_dry_signal()
    {
        const double rate = 44100;
        var processor = new ChannelProcessor(ConstantGainSource.Enhancer(0.1f), rate);
        var input = Sine(1000, rate, 44100);
        var output = new float[input.Length];
        int toggle = 20000;
        processor.Process(input.AsSpan(0, toggle), output.AsSpan(0, toggle));
        processor.Bypass = true;
        processor.Process(input.AsSpan(toggle), output.AsSpan(toggle));

        int lat = processor.LatencySamples;
        // After the 10 ms fade the output is the dry input, sample for sample.
        for (int n = toggle + (int)(0.011 * rate); n < output.Length; n++) Assert.Equal(input[n - lat], output[n]);
        // During the fade no step is larger than the sine's own largest step.
        float steadyStep = MaxStep(input.AsSpan(1000, 5000));
        float fadeStep = MaxStep(output.AsSpan(toggle - 100, 1000));
        Assert.True(fadeStep <= steadyStep * 1.05f, $"step {fadeStep} vs {steadyStep}");
    }

    [Fact]
    public void A_bypass_without_a_fade_would_click()
    {
        // Guards the test above: an instant switch between 0.1·x and x is a visible step.
        var input = Sine(1000, 44100, 2000);
        var switched = new float[input.Length];
        for (int n = 0; n < input.Length; n++) switched[n] = n < 1000 ? 0.1f * input[n] : input[n];
        Assert.True(MaxStep(switched) > 1.5f * MaxStep(input));
    }

    [Fact]
    public void Leaving_bypass_returns_to_the_processed_signal()
    {
        var processor = new ChannelProcessor(ConstantGainSource.Enhancer(0.1f), 48000) { Bypass = true };
        var input = Sine(500, 48000, 48000);
        var output = new float[input.Length];
        processor.Process(input.AsSpan(0, 10000), output.AsSpan(0, 10000));
        processor.Bypass = false;
        processor.Process(input.AsSpan(10000), output.AsSpan(10000));

        double bypassed = Rms(output.AsSpan(5000, 4000)), processed = Rms(output.AsSpan(30000, 10000));
        Assert.InRange(processed / bypassed, 0.09, 0.11);
        Assert.True(MaxStep(output.AsSpan(9900, 1000)) <= MaxStep(input) * 1.05f);
    }

    [Fact]
    public void NaN_and_Inf_input_become_silence_and_the_stream_recovers()
    {
        var processor = new ChannelProcessor(ConstantGainSource.Enhancer(1f), 44100);
        var input = Sine(800, 44100, 44100);
        var poisoned = (float[])input.Clone();
        for (int n = 10000; n < 10500; n++) poisoned[n] = n % 3 == 0 ? float.NaN : n % 3 == 1 ? float.PositiveInfinity : float.NegativeInfinity;
        var output = new float[input.Length];
        processor.Process(poisoned, output);

        Assert.All(output, y => Assert.True(float.IsFinite(y)));
        int lat = processor.LatencySamples;
        // Well after the burst (two enhancer windows plus the resampler kernels) the output is the delayed input again.
        var tail = output.AsSpan(10500 + lat + 3000);
        var expected = input.AsSpan(10500 + 3000, tail.Length);
        Assert.True(SnrDb(tail.ToArray(), expected.ToArray(), 0) > 70);
    }

    [Fact]
    public void Denormal_and_huge_input_give_finite_output_without_denormals()
    {
        var processor = new ChannelProcessor(ConstantGainSource.Enhancer(0.5f), 96000);
        var input = new float[30000];
        for (int n = 0; n < input.Length; n++) input[n] = n % 2 == 0 ? 1e-39f : -3e-42f;
        for (int n = 20000; n < 20100; n++) input[n] = n % 2 == 0 ? float.MaxValue : -float.MaxValue;
        var output = new float[input.Length];
        processor.Process(input, output);

        Assert.All(output, y =>
        {
            Assert.True(float.IsFinite(y) && !float.IsSubnormal(y));
            Assert.InRange(y, -SampleGuard.OutputLimit, SampleGuard.OutputLimit);
        });
    }

    [Theory]
    [InlineData(44100)]
    [InlineData(48000)]
    public void Block_size_never_changes_the_output(double rate)
    {
        var input = Noise((int)(rate * 0.4), seed: 6);
        var whole = Render(new ChannelProcessor(ConstantGainSource.Enhancer(0.3f), rate), input, () => input.Length);
        var random = new Random(8);
        foreach (int block in new[] { 1, 17, 480, 512, 4096, 65536, -1 })
        {
            var processor = new ChannelProcessor(ConstantGainSource.Enhancer(0.3f), rate);
            var output = Render(processor, input, () => block > 0 ? block : random.Next(8) == 0 ? 0 : random.Next(1, 9000));
            Assert.Equal(whole, output);
        }
    }

    [Fact]
    public void Works_in_place()
    {
        var input = Noise(30000, seed: 9);
        var expected = Render(new ChannelProcessor(ConstantGainSource.Enhancer(0.3f), 44100), input, () => 700);
        var buffer = (float[])input.Clone();
        var processor = new ChannelProcessor(ConstantGainSource.Enhancer(0.3f), 44100);
        for (int done = 0; done < buffer.Length; done += 700)
        {
            var span = buffer.AsSpan(done, Math.Min(700, buffer.Length - done));
            processor.Process(span, span);
        }
        Assert.Equal(expected, buffer);
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(2000)]
    [InlineData(7350)]
    [InlineData(11025)]
    [InlineData(32000)]
    [InlineData(176400)]
    [InlineData(352800)]
    [InlineData(384000)]
    [InlineData(705600)]
    [InlineData(768000)]
    [InlineData(12345.678)]
    public void Every_rate_from_1_kHz_to_768_kHz_is_processed_safely(double rate)
    {
        var processor = new ChannelProcessor(ConstantGainSource.Enhancer(1f), rate);
        var input = Sine(0.2 * Math.Min(rate, 48000), rate, (int)(rate * 0.15) + 2000);
        var output = Render(processor, input, new Random(10) is var r ? () => r.Next(0, 3000) : null!);

        Assert.All(output, y => Assert.True(float.IsFinite(y) && Math.Abs(y) <= 0.6f));
        Assert.True(SnrDb(output, input, processor.LatencySamples) > 60, $"latency {processor.LatencySamples}");
    }

    [Theory]
    [InlineData(999)]
    [InlineData(768001)]
    [InlineData(double.NaN)]
    [InlineData(0)]
    public void Unsupported_rates_are_refused_at_construction(double rate)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChannelProcessor(ConstantGainSource.Enhancer(1f), rate));
    }

    [Fact]
    public void Parameters_are_clamped_and_NaN_is_ignored()
    {
        var processor = new ChannelProcessor(ConstantGainSource.Enhancer(1f), 48000) { DryWet = 2, AttenuationLimitDb = -1, PostFilterAmount = 0.25f };
        processor.DryWet = float.NaN;
        processor.PostFilterAmount = float.NaN;
        Assert.Equal(1f, processor.DryWet);
        processor.AttenuationLimitDb = double.NaN;
        Assert.Equal(0, processor.AttenuationLimitDb);
        processor.AttenuationLimitDb = 75;
        Assert.Equal(60, processor.AttenuationLimitDb);
        Assert.Equal(0.25f, processor.PostFilterAmount);
    }

    [Theory]
    [InlineData(44100)]
    [InlineData(48000)]
    [InlineData(1000)]
    public void Process_allocates_nothing_under_random_blocks_parameters_and_NaN_bursts(double rate)
    {
        var processor = new ChannelProcessor(ConstantGainSource.Enhancer(0.5f), rate);
        var input = Noise(65536, seed: 11);
        for (int n = 100; n < 200; n++) input[n] = float.NaN;                       // hit by most calls
        var output = new float[input.Length];
        var random = new Random(12);
        // One maximal block, then mostly small ones; sizes scale with the rate (1 kHz is 48× the work per sample).
        int largeBlock = (int)Math.Min(65536, rate), smallBlock = (int)Math.Min(1024, rate / 40);
        processor.Process(input.AsSpan(0, smallBlock), output.AsSpan(0, smallBlock));   // warm-up
        AllocationAssert.Zero(() =>
        {
            for (int call = 0; call < 100; call++)
            {
                int n = call == 0 ? largeBlock : random.Next(0, 10) == 0 ? random.Next(0, 8 * smallBlock) : random.Next(0, smallBlock + 1);
                processor.DryWet = (float)random.NextDouble();
                processor.AttenuationLimitDb = 60 * random.NextDouble();
                processor.PostFilterAmount = (float)random.NextDouble();
                processor.Bypass = random.Next(4) == 0;
                processor.Process(input.AsSpan(0, n), output.AsSpan(0, n));
            }
        }, $"ChannelProcessor.Process at {rate} Hz");
    }

    private static float[] Render(ChannelProcessor processor, float[] input, Func<int> nextBlock)
    {
        var output = new float[input.Length];
        for (int done = 0; done < input.Length;)
        {
            int n = Math.Min(nextBlock(), input.Length - done);
            processor.Process(input.AsSpan(done, n), output.AsSpan(done, n));
            done += n;
        }
        return output;
    }

    private static float[] Noise(int count, int seed)
    {
        var random = new Random(seed);
        var x = new float[count];
        for (int n = 0; n < count; n++) x[n] = (float)(random.NextDouble() - 0.5);
        return x;
    }

    private static int ArgMaxAbs(ReadOnlySpan<float> x)
    {
        int best = 0;
        for (int i = 1; i < x.Length; i++) if (Math.Abs(x[i]) > Math.Abs(x[best])) best = i;
        return best;
    }

    private static float MaxStep(ReadOnlySpan<float> x)
    {
        float max = 0;
        for (int i = 1; i < x.Length; i++) max = Math.Max(max, Math.Abs(x[i] - x[i - 1]));
        return max;
    }

    private static double Rms(ReadOnlySpan<float> x)
    {
        double sum = 0;
        foreach (float v in x) sum += (double)v * v;
        return Math.Sqrt(sum / x.Length);
    }
}
