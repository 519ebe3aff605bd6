using PercepNet.Engine.Metrics;
using static PercepNet.Tests.Metrics.MetricSignals;

namespace PercepNet.Tests.Metrics;

public class StoiTests
{
    [Theory]
    [InlineData(10000)]
    [InlineData(16000)]
    [InlineData(44100)]
    [InlineData(48000)]
    public void Identical_signals_score_1(double rate)
    {
        var s = Voiced(rate, (int)(rate * 1.5));
        Assert.Equal(1, Stoi.Compute(s, s, rate), 6);
        Assert.Equal(1, Stoi.Compute(s, s, rate, extended: true), 6);
    }

    [Theory]
    [InlineData(1.0, 1.0, 0.791993429678051, 0.3400061644203198)]
    [InlineData(0.5, 0.3, 0.8294385957785526, 0.3945988041064619)]
    public void Matches_pystoi_on_a_small_case(double speechGain, double noiseGain, double pystoi, double pystoiExtended)
    {
        // Reference: pystoi 0.4.1 stoi(x, y, 10000) on these exact float32 signals (10 kHz, so no resampling;
        // 1.5 s with 0.3 s of silence). Agreement to 1e-6: the same steps in double precision.
        const int count = 15000;
        var x = Voiced(10000, count, 6000, 9000);
        var u = LcgNoise(count);
        var y = new float[count];
        for (int n = 0; n < count; n++) y[n] = (float)(speechGain * x[n] + noiseGain * u[n]);

        Assert.Equal(pystoi, Stoi.Compute(x, y, 10000), 6);
        Assert.Equal(pystoiExtended, Stoi.Compute(x, y, 10000, extended: true), 6);
    }

    [Fact]
    public void Both_scores_rise_with_SNR()
    {
        const double rate = 16000;
        var s = Voiced(rate, (int)(rate * 2));
        var noise = Gaussian(s.Length, seed: 9);
        double lastStoi = double.NegativeInfinity, lastEstoi = double.NegativeInfinity;
        foreach (double snr in new[] { -15.0, -10, -5, 0, 5, 10, 20 })
        {
            var noisy = Mix(s, noise, snr);
            double stoi = Stoi.Compute(s, noisy, rate), estoi = Stoi.Compute(s, noisy, rate, extended: true);
            Assert.True(stoi > lastStoi && estoi > lastEstoi, $"{snr} dB: STOI {stoi:F4} (was {lastStoi:F4}), ESTOI {estoi:F4} (was {lastEstoi:F4})");
            Assert.InRange(stoi, 0, 1);
            Assert.InRange(estoi, 0, 1);
            lastStoi = stoi;
            lastEstoi = estoi;
        }
    }

    [Fact]
    public void Resampling_to_10_kHz_keeps_scores_close_to_a_native_10_kHz_computation()
    {
        // Same content synthesised at 10 kHz and at 48 kHz (noise band-limited by building it at 10 kHz and upsampling).
        var x10 = Voiced(10000, 20000);
        var y10 = Mix(x10, Gaussian(x10.Length, seed: 10), 0);
        var up = new Engine.Resampling.PolyphaseResampler(10000, 48000);
        float[] Up(float[] v)
        {
            var padded = new float[v.Length + 400];
            v.CopyTo(padded, 0);
            var o = new float[up.MaxOutputCount(padded.Length)];
            up.Reset();
            int n = up.Process(padded, o, out _);
            int d = (int)Math.Round(up.DelayInOutputSamples);
            return o.AsSpan(d, v.Length * 48 / 10).ToArray();
        }
        Assert.Equal(Stoi.Compute(x10, y10, 10000), Stoi.Compute(Up(x10), Up(y10), 48000), 2);
    }

    [Fact]
    public void Too_few_frames_after_silence_removal_return_the_reference_s_sentinel()
    {
        var s = Voiced(10000, 3000);
        Assert.Equal(Stoi.TooShortResult, Stoi.Compute(s, s, 10000));
    }

    [Fact]
    public void Third_octave_bands_match_the_reference_layout()
    {
        // Bin ranges [low, high) of pystoi's thirdoct(10000, 512, 15, 150) matrix rows.
        var bands = new ThirdOctaveBands(10000, 512, 15, 150);
        Assert.Equal(new[] { 7, 9, 11, 14, 17, 22, 27, 34, 43, 55, 69, 87, 109, 138, 174 }, bands.Low);
        Assert.Equal(new[] { 9, 11, 14, 17, 22, 27, 34, 43, 55, 69, 87, 109, 138, 174, 219 }, bands.High);
    }
}
