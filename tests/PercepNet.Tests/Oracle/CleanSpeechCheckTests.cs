using PercepNet.Cli.Dataset;
using PercepNet.Cli.Oracle;
using PercepNet.Engine.Metrics;
using PercepNet.Tests.Dsp;

namespace PercepNet.Tests.Oracle;

/// <summary>The speech-band SI-SDR of the clean-speech check: what it ignores (below 80 Hz) and what it keeps.</summary>
public class CleanSpeechCheckTests
{
    private static float[] Sine(double hz, int n, double amplitude = 0.5) =>
        Enumerable.Range(0, n).Select(i => (float)(amplitude * Math.Sin(2 * Math.PI * hz * i / 48000))).ToArray();

    [Theory]
    [InlineData(30, -30, -60)]    // 1.4 octaves below the edge: a 4th-order Butterworth gives about -34 dB
    [InlineData(80, -3.5, -2.5)]  // the edge itself: -3 dB
    [InlineData(300, -0.2, 0.2)]
    [InlineData(3000, -0.05, 0.05)]
    public void High_pass_at_80_Hz_is_a_fourth_order_butterworth(double hz, double maxDb, double minDb)
    {
        var x = Sine(hz, 96000);
        var y = Biquad.HighPassed(x, 48000, 80);
        double gain = 20 * Math.Log10(TestSignals.Rms(y.AsSpan(48000)) / TestSignals.Rms(x.AsSpan(48000)));
        Assert.InRange(gain, Math.Min(maxDb, minDb), Math.Max(maxDb, minDb));
    }

    [Fact]
    public void Removing_a_sub_60_Hz_pop_costs_plain_SI_SDR_but_not_speech_band_SI_SDR()
    {
        var (voice, _) = TestSignals.Harmonic(150, 2.0);
        var input = (float[])voice.Clone();
        for (int i = 0; i < 4800; i++)   // a 100 ms 35 Hz microphone pop as loud as the voice
            input[24000 + i] += (float)(0.8 * Math.Sin(2 * Math.PI * 35 * i / 48000) * Math.Sin(Math.PI * i / 4800));
        float[] output = voice;          // an enhancer that removed the pop and nothing else
        Assert.True(ScaleInvariantSdr.Compute(input, output) < 15, "the pop should dominate the plain SI-SDR");
        Assert.True(CleanSpeechCheck.SpeechBandSiSdr(input, output) > 25, $"speech band {CleanSpeechCheck.SpeechBandSiSdr(input, output):F1} dB");

        var muffled = Biquad.HighPassed(voice, 48000, 400);   // an enhancer that also thinned the voice
        Assert.True(CleanSpeechCheck.SpeechBandSiSdr(input, muffled) < 10, "speech-band SI-SDR must still see harm above 80 Hz");
    }

    [Fact]
    public void Room_tone_lead_in_is_one_second_of_faint_noise_then_the_clip_untouched()
    {
        var (voice, _) = TestSignals.Harmonic(150, 1.0);
        var y = CleanSpeechCheck.WithRoomToneLeadIn(voice);
        Assert.Equal(48000 + voice.Length, y.Length);
        Assert.Equal(voice, y[48000..]);
        double rmsDb = 20 * Math.Log10(TestSignals.Rms(y.AsSpan(0, 48000)));
        Assert.InRange(rmsDb, CleanSpeechCheck.RoomToneDbfs - 0.2, CleanSpeechCheck.RoomToneDbfs + 0.2);
        Assert.Equal(y, CleanSpeechCheck.WithRoomToneLeadIn(voice));   // fixed seed: the same table every run
    }

    /// <summary>The dev clip sl_17569057 in miniature: a 3 kHz mouth click 22 dB under the voice, 0.3 s of silence,
    /// then a word that begins on a vowel, and a second word 10 dB quieter after a pause.</summary>
    [Fact]
    public void A_click_that_leads_into_no_syllable_is_a_transient_and_words_are_onsets()
    {
        const int frame = 960;
        var x = new float[100 * frame];
        var (voice, _) = TestSignals.Harmonic(140, 0.4);
        // A sinusoid of amplitude A has RMS A/√2; the click starts 22 dB under the voice and decays 15 dB in 100 ms.
        double click = TestSignals.Rms(voice) * Math.Sqrt(2) * Math.Pow(10, -22.0 / 20);
        for (int i = 0; i < 7200; i++)
            x[8 * frame + i] = (float)(click * Math.Exp(-i / 2084.0) * Math.Sin(2 * Math.PI * 3000 * i / 48000));
        for (int i = 0; i < voice.Length; i++)
        {
            x[23 * frame + i] += voice[i];
            x[66 * frame + i] += (float)(0.316 * voice[i]);
        }
        Assert.Equal([new(8 * frame, false), new(23 * frame, true), new(66 * frame, true)], CleanSpeechCheck.FindOnsets(x).ToList());
    }

    [Fact]
    public void The_report_names_every_clip_below_20_dB_per_lookahead()
    {
        var clip = new CleanSpeechCheck.ClipScore("speech/commonvoice/cv/x.flac", 18.84, 27.31);
        var results = new List<CleanSpeechCheck.Result>
        {
            new(0, 39.0, 18.8, -0.2, -1.0, 46, 49, 40.0, 27.3, 46, [clip], "speech/commonvoice/cv/y.flac at 1.22 s"),
            new(1, 39.5, 21.0, -0.2, -1.0, 46, 49, 40.2, 22.0, 46, [],
                Transients: 1, WorstTransientDb: -8.64, WorstTransientAt: "speech/commonvoice/sl/z.flac at 0.16 s"),
        };
        string report = CleanSpeechCheck.ToMarkdown(results);
        Assert.Contains("Below 20 dB at lookahead 0: speech/commonvoice/cv/x.flac (18.8 dB; speech band 27.3 dB)", report);
        Assert.Contains("Below 20 dB at lookahead 1: none", report);
        Assert.Contains("Worst onset at lookahead 0: speech/commonvoice/cv/y.flac at 1.22 s (-1.0 dB)", report);
        Assert.DoesNotContain("Worst onset at lookahead 1", report);
        Assert.Contains("Transients at lookahead 1 (rises into no syllable within 15 dB of the clip's peak, not counted as onsets): 1, worst speech/commonvoice/sl/z.flac at 0.16 s (-8.6 dB)", report);
        Assert.DoesNotContain("Transients at lookahead 0", report);
        Assert.Equal([45, 46], results.Select(r => r.ClipsAtLeast20Db));
    }
}
