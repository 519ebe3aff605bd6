using PercepNet.Cli.Dataset;
using PercepNet.Tests.Dsp;

namespace PercepNet.Tests.Dataset;

/// <summary>
/// Mixer revision 10: a quarter of the training mixtures open on 1–4 s of noise alone and some gaps last 1–3 s, so the
/// network meets long noise-only stretches that end in a word (until revision 9 only speech-free mixtures had them);
/// dev selections and classic draws keep revision 9's short pauses, so the dev sets stay the same.
/// </summary>
public class LongPauseTests
{
    private const int Rate = 48000;

    /// <summary>The test recording: a tone under a slow envelope.</summary>
    private static SourcePool Pool() => SineSpeechPool.With("rain",
        Enumerable.Range(0, 3 * Rate).Select(k => (float)(0.05 * Math.Sin(k * 0.37) * Math.Sin(k * 0.0011))).ToArray());

    /// <summary>Seconds of the target before its first sample above −100 dBFS.</summary>
    private static double FirstSpeech(float[] target)
    {
        int i = Array.FindIndex(target, v => Math.Abs(v) > 1e-5);
        return i < 0 ? double.NaN : (double)i / Rate;
    }

    [Fact]
    public void A_quarter_of_training_mixtures_open_on_seconds_of_noise_before_the_first_word()
    {
        var g = new MixtureGenerator(Pool(), seconds: 10);
        int speech = 0, leadIns = 0, pauses = 0;
        for (int i = 0; i < 160; i++)
        {
            var m = g.Generate(11, i);
            if (m.Description.Contains("speech-free", StringComparison.Ordinal)) continue;
            speech++;
            var leadIn = m.Description.Split(", ").FirstOrDefault(d => d.StartsWith("lead-in ", StringComparison.Ordinal));
            double first = FirstSpeech(m.Target);
            if (leadIn is null)
            {
                Assert.True(first < 0.5, $"first word at {first:F2} s without a lead-in: {m.Description}");
            }
            else
            {
                leadIns++;
                double stated = double.Parse(leadIn.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
                Assert.InRange(stated, 1.0, 4.0);
                Assert.InRange(first, stated - 0.06, stated + 0.06);   // the description rounds to 0.1 s
                if (m.Description.Contains("noise:", StringComparison.Ordinal) && !m.Description.Contains("rir:", StringComparison.Ordinal))
                {
                    // The lead-in is noise alone in the input (the test recording never pauses), not silence.
                    var noise = m.Noisy.Zip(m.Target, (x, s) => x - s).ToArray();
                    double lead = TestSignals.Rms(noise.AsSpan(0, (int)(0.9 * Rate))), all = TestSignals.Rms(noise);
                    Assert.True(lead > 0.3 * all, $"lead-in noise RMS {lead} against {all}: {m.Description}");
                }
            }
            pauses += m.Description.Split(", ").Count(d => d.StartsWith("pause ", StringComparison.Ordinal));
        }
        Assert.InRange(leadIns, 0.15 * speech, 0.35 * speech);
        Assert.True(pauses > 10, $"{pauses} long pauses in {speech} mixtures");
    }

    [Fact]
    public void A_long_pause_is_silence_in_the_target_between_two_utterances()
    {
        var g = new MixtureGenerator(Pool(), seconds: 10);
        int seen = 0;
        for (int i = 0; i < 200 && seen < 5; i++)
        {
            var m = g.Generate(12, i);
            var items = m.Description.Split(", ").ToList();
            int p = items.FindIndex(d => d.StartsWith("pause ", StringComparison.Ordinal));
            if (p < 0 || m.Description.Contains("rir:", StringComparison.Ordinal)) continue;
            // The clips are 1 s long at speed 0.88..1.12: the target is silent for a stretch of at least the pause.
            double pause = double.Parse(items[p].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(LongestSilence(m.Target) >= pause - 0.06, $"longest silence {LongestSilence(m.Target):F2} s: {m.Description}");
            seen++;
        }
        Assert.True(seen >= 3);
    }

    [Fact]
    public void Dev_selections_and_classic_draws_keep_short_pauses()
    {
        foreach (var g in new[]
                 {
                     new MixtureGenerator(Pool(), seconds: 10) { RecordedNoiseOnly = true },
                     new MixtureGenerator(Pool(), seconds: 10) { Classic = true },
                 })
        {
            for (int i = 0; i < 60; i++)
            {
                var m = g.Generate(13, i);
                Assert.DoesNotContain("lead-in", m.Description, StringComparison.Ordinal);
                Assert.DoesNotContain("pause", m.Description, StringComparison.Ordinal);
                if (!m.Description.Contains("speech-free", StringComparison.Ordinal))
                {
                    Assert.True(FirstSpeech(m.Target) < 0.5, m.Description);
                    Assert.True(LongestSilence(m.Target) < 0.62, $"{LongestSilence(m.Target):F2} s: {m.Description}");
                }
            }
        }
    }

    /// <summary>The longest run of target samples at or below −100 dBFS between the first and last word, in seconds.</summary>
    private static double LongestSilence(float[] target)
    {
        int first = Array.FindIndex(target, v => Math.Abs(v) > 1e-5), last = Array.FindLastIndex(target, v => Math.Abs(v) > 1e-5);
        int longest = 0, run = 0;
        for (int i = first; i <= last; i++)
        {
            run = Math.Abs(target[i]) > 1e-5 ? 0 : run + 1;
            longest = Math.Max(longest, run);
        }
        return (double)longest / Rate;
    }
}
