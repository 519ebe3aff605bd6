using PercepNet.Engine.Resampling;
using static PercepNet.Tests.Resampling.ResamplingHarness;

namespace PercepNet.Tests.Resampling;

public class PolyphaseResamplerTests
{
    [Theory]
    [InlineData(44100, 48000, 1000)]
    [InlineData(44100, 48000, 19000)]   // near the passband edge (0.9 × 22050 = 19845 Hz)
    [InlineData(48000, 44100, 1000)]
    [InlineData(48000, 44100, 19000)]
    [InlineData(16000, 48000, 3000)]
    [InlineData(48000, 16000, 7000)]
    [InlineData(96000, 48000, 20000)]
    [InlineData(48000, 96000, 20000)]
    [InlineData(22050, 48000, 9000)]
    [InlineData(44100, 47999, 15000)]   // coprime: interpolated phase table
    [InlineData(47999, 44100, 15000)]
    [InlineData(8000, 48000, 3500)]
    [InlineData(1000, 48000, 300)]
    [InlineData(48000, 1000, 300)]
    [InlineData(768000, 48000, 15000)]
    [InlineData(48000, 768000, 15000)]
    public void Output_matches_ideal_resampling_with_the_reported_delay(double inRate, double outRate, double frequency)
    {
        var resampler = new PolyphaseResampler(inRate, outRate);
        int inputCount = (int)(inRate * 0.25);
        var output = Run(resampler, Sine(frequency, inRate, inputCount));
        int settle = (int)Math.Ceiling(2 * resampler.DelayInOutputSamples) + 1;

        double snr = SnrAgainstDelayedSine(output, settle, frequency, inRate, resampler.Ratio, resampler.DelayInInputSamples);

        // A delay error of 0.001 input samples alone would cap the SNR near 20·log10(1/(2π·f/fs·0.001)).
        Assert.True(snr > 85, $"{inRate}->{outRate} @ {frequency} Hz: SNR {snr:F1} dB (exact table: {resampler.FilterBank.IsExact})");
    }

    [Fact]
    public void Delay_off_by_a_hundredth_of_a_sample_is_detected()
    {
        // Guards the test above: it really resolves the delay.
        var resampler = new PolyphaseResampler(44100, 48000);
        var output = Run(resampler, Sine(15000, 44100, 11025));
        int settle = (int)Math.Ceiling(2 * resampler.DelayInOutputSamples) + 1;
        double snr = SnrAgainstDelayedSine(output, settle, 15000, 44100, resampler.Ratio, resampler.DelayInInputSamples + 0.01);
        Assert.True(snr < 40, $"SNR {snr:F1} dB");
    }

    [Fact]
    public void Round_trip_44k1_48k_44k1_keeps_a_sine_above_80_dB_SNR()
    {
        foreach (double frequency in new[] { 440.0, 5000, 15000 })
        {
            var down = new PolyphaseResampler(48000, 44100);
            var up = new PolyphaseResampler(44100, 48000);
            var input = Sine(frequency, 44100, 44100 / 2);
            var back = Run(down, Run(up, input));
            double totalDelay = up.DelayInInputSamples + down.DelayInOutputSamples; // in 44.1 kHz samples
            int settle = (int)Math.Ceiling(2 * totalDelay) + 1;

            double snr = SnrAgainstDelayedSine(back, settle, frequency, 44100, new RateRatio(1, 1), totalDelay);

            Assert.True(snr > 80, $"{frequency} Hz: round-trip SNR {snr:F1} dB");
        }
    }

    [Theory]
    [InlineData(48000, 44100, 22500)]    // just above the output Nyquist
    [InlineData(48000, 44100, 23900)]
    [InlineData(96000, 48000, 26000)]
    [InlineData(96000, 44100, 40000)]
    [InlineData(48000, 16000, 8200)]
    [InlineData(48000, 32123, 17000)]    // arbitrary ratio, interpolated table
    [InlineData(768000, 48000, 30000)]
    public void Tones_above_the_output_Nyquist_are_rejected_by_90_dB(double inRate, double outRate, double frequency)
    {
        var resampler = new PolyphaseResampler(inRate, outRate);
        var output = Run(resampler, Sine(frequency, inRate, (int)(inRate * 0.25)));
        int settle = (int)Math.Ceiling(2 * resampler.DelayInOutputSamples) + 1;

        double alias = RmsDb(output.AsSpan(settle)) - RmsDb(Sine(frequency, inRate, 4800));

        Assert.True(alias < -90, $"alias at {alias:F1} dB");
    }

    [Fact]
    public void Upsampling_images_are_rejected_by_90_dB()
    {
        // 44.1 → 48 kHz: a 20.5 kHz tone (above the passband, below Nyquist) has its image at 23.6 kHz.
        // Everything the output holds besides the tone itself must be 90 dB down.
        var resampler = new PolyphaseResampler(44100, 48000);
        var input = Sine(20500, 44100, 44100);
        var output = Run(resampler, input);
        int from = (int)Math.Ceiling(2 * resampler.DelayInOutputSamples) + 1;

        double imageDb = ToneResidualDb(output.AsSpan(from), 20500 / 48000.0) - RmsDb(input);

        Assert.True(imageDb < -90, $"image at {imageDb:F1} dB");
    }

    [Fact]
    public void Block_size_never_changes_the_output()
    {
        foreach (var (inRate, outRate) in new[] { (44100.0, 48000.0), (48000.0, 44100.0), (44100.0, 47999.0), (48000.0, 1000.0) })
        {
            var input = new float[(int)inRate / 4];
            var random = new Random(7);
            for (int i = 0; i < input.Length; i++) input[i] = (float)(random.NextDouble() * 2 - 1);
            var whole = Run(new PolyphaseResampler(inRate, outRate), input);

            foreach (int block in new[] { 1, 37, 480, 4096, 9999 })
            {
                var blocked = Run(new PolyphaseResampler(inRate, outRate), input, () => block);
                Assert.Equal(whole, blocked);
            }
            var sizes = new Random(11);
            var randomBlocks = Run(new PolyphaseResampler(inRate, outRate), input, () => sizes.Next(0, 3000));
            Assert.Equal(whole, randomBlocks);
        }
    }

    [Theory]
    [InlineData(44100, 48000)]
    [InlineData(48000, 44100)]
    [InlineData(7, 3)]
    [InlineData(48000, 1000)]
    public void After_N_inputs_exactly_ceil_N_times_ratio_outputs_exist(double inRate, double outRate)
    {
        var resampler = new PolyphaseResampler(inRate, outRate);
        var output = new float[resampler.MaxOutputCount(10000)];
        var random = new Random(3);
        long received = 0, produced = 0;
        for (int call = 0; call < 200; call++)
        {
            int block = random.Next(0, 500);
            produced += resampler.Process(new float[block], output, out _);
            received += block;
            long expected = (received * resampler.Ratio.Interpolation + resampler.Ratio.Decimation - 1) / resampler.Ratio.Decimation;
            Assert.Equal(expected, produced);
        }
    }

    [Fact]
    public void A_small_output_buffer_only_delays_the_output()
    {
        var input = Sine(1000, 44100, 4410);
        var reference = Run(new PolyphaseResampler(44100, 48000), input);
        var resampler = new PolyphaseResampler(44100, 48000);
        var collected = new List<float>();
        var small = new float[7];
        int position = 0;
        while (position < input.Length || collected.Count < reference.Length)
        {
            int produced = resampler.Process(input.AsSpan(position, Math.Min(100, input.Length - position)), small, out int consumed);
            position += consumed;
            collected.AddRange(small[..produced]);
            if (produced == 0 && consumed == 0) break;
        }
        Assert.Equal(reference, collected.ToArray());
    }

    [Fact]
    public void SetDelay_shifts_the_output_by_exactly_that_delay()
    {
        var resampler = new PolyphaseResampler(44100, 48000);
        long extra = resampler.Ratio.Interpolation * 3 / 4;                     // 0.75 input samples
        resampler.SetDelay(resampler.MinimumDelay + extra);
        Assert.Equal(resampler.MinimumDelay + extra, resampler.Delay);

        var output = Run(resampler, Sine(12000, 44100, 11025));
        int settle = (int)Math.Ceiling(2 * resampler.DelayInOutputSamples) + 1;
        double snr = SnrAgainstDelayedSine(output, settle, 12000, 44100, resampler.Ratio, resampler.DelayInInputSamples);

        Assert.True(snr > 85, $"SNR {snr:F1} dB");
    }

    [Fact]
    public void Process_allocates_nothing()
    {
        var resampler = new PolyphaseResampler(44100, 47999);
        var input = Sine(1000, 44100, 8192);
        var output = new float[resampler.MaxOutputCount(input.Length)];
        var random = new Random(5);
        resampler.Process(input, output, out _);
        AllocationAssert.Zero(() =>
        {
            for (int i = 0; i < 1000; i++)
            {
                int block = random.Next(0, input.Length);
                resampler.Process(input.AsSpan(0, block), output, out _);
            }
        }, "PolyphaseResampler.Process");
    }

    /// <summary>Level (dB) of what remains after a least-squares fit of one sinusoid at the given normalised frequency.</summary>
    private static double ToneResidualDb(ReadOnlySpan<float> x, double cyclesPerSample)
    {
        double ss = 0, sc = 0, cc = 0, xs = 0, xc = 0;
        for (int n = 0; n < x.Length; n++)
        {
            double s = Math.Sin(2 * Math.PI * cyclesPerSample * n), c = Math.Cos(2 * Math.PI * cyclesPerSample * n);
            ss += s * s; sc += s * c; cc += c * c; xs += x[n] * s; xc += x[n] * c;
        }
        double det = ss * cc - sc * sc;
        double a = (xs * cc - xc * sc) / det, b = (xc * ss - xs * sc) / det;
        var residual = new float[x.Length];
        for (int n = 0; n < x.Length; n++)
            residual[n] = (float)(x[n] - a * Math.Sin(2 * Math.PI * cyclesPerSample * n) - b * Math.Cos(2 * Math.PI * cyclesPerSample * n));
        return RmsDb(residual);
    }
}
