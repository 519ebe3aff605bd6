using PercepNet.Cli.Audio;
using PercepNet.Cli.Denoise;

namespace PercepNet.Tests.Cli;

/// <summary>
/// <c>percepnet denoise --stereo-link on|off</c> with the real network on real noisy speech (issue 21): linked, a right
/// channel that is the left at −6 dB stays the left at −6 dB in every 10 ms frame; unlinked, each channel is exactly
/// what a mono file of that channel gives.
/// </summary>
public class StereoLinkTests
{
    private static readonly float MinusSixDb = MathF.Pow(10f, -6f / 20f);

    private static void Denoise(params string[] args)
    {
        var stderr = new StringWriter();
        int code = DenoiseCommand.Run([.. args, "--no-progress"], new StringWriter(), stderr, EngineChannelEnhancer.CreateFactory, null, CancellationToken.None);
        Assert.True(code == 0, stderr.ToString());
    }

    /// <summary>Real speech over real noise (the left channel of <see cref="RealRecordings.NoisyStereoSpeech"/>) in
    /// the left channel, the same at −6 dB in the right, as 32-bit float so no quantisation blurs the comparison. The
    /// rate is what the file declares: 44.1 kHz sends the same samples through the resamplers.</summary>
    private static (float[] Left, AudioFormat Format) WriteLeftAndQuieterRight(TempDir dir, string path, int rate)
    {
        var noisy = RealRecordings.NoisyStereoSpeech(dir);
        var left = new float[noisy.Length / 2];
        for (int i = 0; i < left.Length; i++) left[i] = noisy[2 * i];
        var stereo = new float[noisy.Length];
        for (int i = 0; i < left.Length; i++)
        {
            stereo[2 * i] = left[i];
            stereo[2 * i + 1] = left[i] * MinusSixDb;
        }
        var format = new AudioFormat(rate, 2, SampleEncoding.Float32);
        TestAudio.WriteWav(path, stereo, format);
        return (left, format);
    }

    /// <summary>Right − left level in dB per 10 ms frame, for frames louder than −120 dBFS (below that the level
    /// difference of two float signals is not a property of the audio).</summary>
    internal static List<double> LevelDifferencesDb(float[] stereo, int rate)
    {
        int frame = rate / 100;
        var result = new List<double>();
        for (int start = 0; start + frame <= stereo.Length / 2; start += frame)
        {
            double l = 0, r = 0;
            for (int i = start; i < start + frame; i++)
            {
                l += (double)stereo[2 * i] * stereo[2 * i];
                r += (double)stereo[2 * i + 1] * stereo[2 * i + 1];
            }
            if (l / frame < 1e-12) continue;
            result.Add(10 * Math.Log10(r / l));
        }
        return result;
    }

    [SharedDataTheory]
    [InlineData(48000)]
    [InlineData(44100)]
    public void Linked_right_channel_stays_the_left_at_minus_6_dB_in_every_10_ms_frame(int rate)
    {
        using var dir = new TempDir();
        var (left, _) = WriteLeftAndQuieterRight(dir, dir.File("in.wav"), rate);
        Denoise(dir.File("in.wav"), dir.File("linked.wav"), "--stereo-link", "on");
        var linked = TestAudio.ReadWav(dir.File("linked.wav"), out _);

        var differences = LevelDifferencesDb(linked, rate);
        Assert.True(differences.Count > left.Length / (rate / 100) * 0.9, $"only {differences.Count} frames with sound");
        double worst = differences.Max(d => Math.Abs(d + 6));
        Assert.True(worst <= 0.1, $"worst frame: right − left = {differences.MaxBy(d => Math.Abs(d + 6)):F3} dB, wanted −6 ± 0.1");

        // And it was processed: the output is not the input.
        double inEnergy = left.Sum(s => (double)s * s), outEnergy = 0;
        for (int i = 0; i < left.Length; i++) outEnergy += (double)linked[2 * i] * linked[2 * i];
        Assert.True(outEnergy < 0.8 * inEnergy, $"output/input energy {outEnergy / inEnergy:F3}: the noise was not reduced");
    }

    [SharedDataFact]
    public void Unlinked_channels_each_equal_the_mono_render_of_that_channel()
    {
        using var dir = new TempDir();
        var noisy = RealRecordings.NoisyStereoSpeech(dir); // two different noise stretches: the channels differ
        var format = new AudioFormat(48000, 2, SampleEncoding.Float32);
        TestAudio.WriteWav(dir.File("in.wav"), noisy, format);
        var mono = format with { Channels = 1 };
        for (int c = 0; c < 2; c++)
            TestAudio.WriteWav(dir.File($"in{c}.wav"), Enumerable.Range(0, noisy.Length / 2).Select(i => noisy[2 * i + c]).ToArray(), mono);

        Denoise(dir.File("in.wav"), dir.File("unlinked.wav"), "--stereo-link", "off");
        Denoise(dir.File("in.wav"), dir.File("linked.wav"));   // default: on
        var unlinked = TestAudio.ReadWav(dir.File("unlinked.wav"), out _);
        var linked = TestAudio.ReadWav(dir.File("linked.wav"), out _);
        for (int c = 0; c < 2; c++)
        {
            Denoise(dir.File($"in{c}.wav"), dir.File($"out{c}.wav"));
            var alone = TestAudio.ReadWav(dir.File($"out{c}.wav"), out _);
            var channel = Enumerable.Range(0, alone.Length).Select(i => unlinked[2 * i + c]).ToArray();
            Assert.Equal(alone, channel);
        }
        Assert.NotEqual(unlinked, linked); // the default links, and linking changes what the channels get
    }

    [Fact]
    public void Stereo_link_takes_on_or_off_only()
    {
        Assert.True(DenoiseOptions.Parse(["a.wav", "b.wav"]).StereoLink);
        Assert.False(DenoiseOptions.Parse(["a.wav", "b.wav", "--stereo-link", "off"]).StereoLink);
        Assert.True(DenoiseOptions.Parse(["a.wav", "b.wav", "--stereo-link", "on"]).StereoLink);
        var e = Assert.Throws<PercepNet.Cli.CliException>(() => DenoiseOptions.Parse(["a.wav", "b.wav", "--stereo-link", "yes"]));
        Assert.Contains("on or off", e.Message);
    }
}
