using PercepNet.HostTest.Hosting;
using PercepNet.HostTest.Rendering;

namespace PercepNet.HostTests;

/// "Stereo link" through each format's C ABI (issue 21): on (the default), a right channel that is the left at −6 dB
/// comes out as the left at −6 dB in every 10 ms frame, and the render equals `percepnet denoise --stereo-link on`;
/// off, each channel equals the mono plug-in's render of that channel.
public class StereoLinkTests
{
    static readonly float MinusSixDb = MathF.Pow(10f, -6f / 20f);

    static PlanarAudio LeftAndQuieterRight()
    {
        float[] left = TestSignals.Speech(seconds: 1.5).Channels[0];
        return new PlanarAudio([left, left.Select(s => s * MinusSixDb).ToArray()], 48000);
    }

    [Theory]
    [MemberData(nameof(PluginBinaries.AllFormats), MemberType = typeof(PluginBinaries))]
    public void Linked_right_channel_stays_the_left_at_minus_6_dB_in_every_10_ms_frame(PluginFormat format)
    {
        RenderResult linked = HostedRender.Run(format, LeftAndQuieterRight(), BlockSizeSequence.Random(5));
        float[][] y = linked.Aligned;
        double worst = 0;
        int frames = 0;
        for (int at = 0; at + 480 <= y[0].Length; at += 480)
        {
            double l = AudioAssert.Rms(y[0].AsSpan(at, 480)), r = AudioAssert.Rms(y[1].AsSpan(at, 480));
            if (l < 1e-6) continue;
            worst = Math.Max(worst, Math.Abs(20 * Math.Log10(r / l) + 6));
            frames++;
        }
        Assert.True(frames > 100, $"{format}: only {frames} frames with sound");
        Assert.True(worst <= 0.1, $"{format}: right − left strays {worst:F3} dB from −6 dB");
    }

    [Theory]
    [MemberData(nameof(PluginBinaries.AllFormats), MemberType = typeof(PluginBinaries))]
    public void Unlinked_channels_each_equal_the_mono_plugin_render_of_that_channel(PluginFormat format)
    {
        PlanarAudio input = TestSignals.Speech(seconds: 1.0, channels: 2);
        RenderResult stereo = HostedRender.Run(format, input, BlockSizeSequence.Random(6),
            new Dictionary<string, double> { ["stereo link"] = 0 });
        for (int c = 0; c < 2; c++)
        {
            RenderResult mono = HostedRender.Run(format, new PlanarAudio([input.Channels[c]], 48000), BlockSizeSequence.Fixed(512));
            AudioAssert.Close(mono.Aligned, [stereo.Aligned[c]], 1e-6f, $"{format}: unlinked channel {c} vs the mono plug-in");
        }
    }

    [Theory]
    [MemberData(nameof(PluginBinaries.AllFormats), MemberType = typeof(PluginBinaries))]
    public void Linked_render_equals_percepnet_denoise_with_the_link_on(PluginFormat format)
    {
        PlanarAudio input = TestSignals.Speech(seconds: 1.0, channels: 2);
        string dir = Directory.CreateTempSubdirectory("percepnet-stereo-link").FullName;
        string inPath = Path.Combine(dir, "in.wav"), outPath = Path.Combine(dir, "out.wav");
        input.Write(inPath);
        var run = CliComparisonTests.RunCli("denoise", inPath, outPath, "--stereo-link", "on", "--format", "float32", "--no-progress", "--force");
        Assert.True(run.ExitCode == 0, $"percepnet denoise failed:\n{run.Describe()}");
        PlanarAudio cli = PlanarAudio.Read(outPath);
        RenderResult plugin = HostedRender.Run(format, input, BlockSizeSequence.Fixed(480));
        AudioAssert.Close(cli.Channels, plugin.Aligned, 1e-4f, $"{format} linked stereo vs percepnet denoise --stereo-link on");
    }
}
