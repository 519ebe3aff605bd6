using PercepNet.Engine.Metrics;
using static PercepNet.Tests.Metrics.MetricSignals;

namespace PercepNet.Tests.Metrics;

public class SpeechPauseErrorTests
{
    private const int Rate = 16000;

    /// <summary>A steady 150 Hz harmonic series (no syllable envelope, whose troughs would be pauses), silent over
    /// [silenceFrom, silenceTo).</summary>
    private static float[] Steady(int count, int silenceFrom = 0, int silenceTo = 0) =>
        Enumerable.Range(0, count).Select(n => n >= silenceFrom && n < silenceTo ? 0f
            : (float)Enumerable.Range(1, 10).Sum(h => Math.Sin(2 * Math.PI * h * 150 * n / Rate + h) / h)).ToArray();

    /// <summary>1 s of voice, 1 s of silence, 1 s of voice.</summary>
    private static float[] VoiceWithPause() => Steady(3 * Rate, silenceFrom: Rate, silenceTo: 2 * Rate);

    [Fact]
    public void Noise_only_in_the_pause_counts_as_pause_error_at_its_level()
    {
        var s = VoiceWithPause();
        var noise = Gaussian(s.Length, seed: 5);
        double speechEnergy = s.Sum(v => (double)v * v);
        // Noise in the pause at 20 dB below the whole speech's energy.
        double k = Math.Sqrt(speechEnergy / 100 / noise.Skip(Rate).Take(Rate).Sum(v => (double)v * v));
        var estimate = s.Select((v, i) => i >= Rate && i < 2 * Rate ? (float)(v + k * noise[i]) : v).ToArray();
        var (pauses, speech) = SpeechPauseError.Compute(s, estimate, Rate);
        Assert.InRange(pauses, -20.3, -19.7);
        Assert.True(speech < -60, $"speech frames {speech} dB");
    }

    [Fact]
    public void The_two_parts_add_up_to_si_sdr_s_error()
    {
        var s = VoiceWithPause();
        var estimate = Mix(s, Gaussian(s.Length, seed: 6), 5);
        var (pauses, speech) = SpeechPauseError.Compute(s, estimate, Rate);
        double sum = 10 * Math.Log10(Math.Pow(10, pauses / 10) + Math.Pow(10, speech / 10));
        Assert.Equal(-ScaleInvariantSdr.Compute(s, estimate), sum, 2);
        // White noise over the whole signal: a third of it falls in the pause.
        Assert.Equal(10 * Math.Log10(1 / 3.0), pauses - sum, 0);
    }

    [Fact]
    public void A_signal_without_pauses_has_no_pause_error_and_a_short_one_none_at_all()
    {
        var s = Steady(Rate);
        var (pauses, speech) = SpeechPauseError.Compute(s, Mix(s, Gaussian(s.Length, seed: 7), 10), Rate);
        Assert.True(double.IsNaN(pauses));
        Assert.InRange(speech, -10.2, -9.8);
        var tooShort = SpeechPauseError.Compute(s.AsSpan(0, 100), s.AsSpan(0, 100), Rate);
        Assert.True(double.IsNaN(tooShort.PausesDb) && double.IsNaN(tooShort.SpeechDb));
    }
}
