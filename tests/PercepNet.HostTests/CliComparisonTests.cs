using PercepNet.HostTest.Hosting;
using PercepNet.HostTest.Rendering;

namespace PercepNet.HostTests;

/// The plugins and `percepnet denoise` share the engine's ChannelProcessor, so on the same
/// file they must produce the same audio after latency alignment (the CLI removes the latency
/// itself). The built CLI comes from the test script through PERCEPNET_CLI: an executable, or
/// a percepnet.dll run with dotnet.
public class CliComparisonTests
{
    internal static ChildProcess.Result RunCli(params string[] args)
    {
        string? cli = Environment.GetEnvironmentVariable("PERCEPNET_CLI");
        Assert.True(!string.IsNullOrEmpty(cli) && File.Exists(cli),
            $"PERCEPNET_CLI must name the built percepnet CLI (executable or percepnet.dll); it is '{cli}'");
        return cli!.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
            ? ChildProcess.Run("dotnet", [cli, .. args], timeoutSeconds: 300)
            : ChildProcess.Run(cli, args, timeoutSeconds: 300);
    }

    public static TheoryData<PluginFormat, string> Cases()
    {
        var data = new TheoryData<PluginFormat, string>();
        foreach (PluginFormat format in new[] { PluginFormat.Clap, PluginFormat.Vst3, PluginFormat.Ladspa })
            foreach (string block in new[] { "1", "17", "480", "512", "4096", "random" })
                data.Add(format, block);
        return data;
    }

    static readonly Lazy<(PlanarAudio Input, PlanarAudio Cli)> Reference = new(() =>
    {
        string dir = Directory.CreateTempSubdirectory("percepnet-cli-compare").FullName;
        PlanarAudio input = TestSignals.Speech(seconds: 2.0);
        string inPath = Path.Combine(dir, "in.wav"), outPath = Path.Combine(dir, "out.wav");
        input.Write(inPath);
        var run = RunCli("denoise", inPath, outPath, "--format", "float32", "--no-progress", "--force");
        Assert.True(run.ExitCode == 0, $"percepnet denoise failed:\n{run.Describe()}");
        return (input, PlanarAudio.Read(outPath));
    });

    [Theory]
    [MemberData(nameof(Cases))]
    public void Plugin_render_equals_percepnet_denoise(PluginFormat format, string block)
    {
        var (input, cli) = Reference.Value;
        Assert.Equal(input.Frames, cli.Frames);
        RenderResult plugin = HostedRender.Run(format, input, BlockSizeSequence.Parse(block, seed: 21));
        Assert.True(AudioAssert.Rms(cli.Channels[0]) > 1e-3, "the CLI output is silent");
        AudioAssert.Close(cli.Channels, plugin.Aligned, 1e-4f, $"{format} block {block} vs percepnet denoise");
    }

    static readonly Lazy<PlanarAudio> FullReference = new(() =>
    {
        var (input, _) = Reference.Value;
        string dir = Directory.CreateTempSubdirectory("percepnet-cli-compare-full").FullName;
        string inPath = Path.Combine(dir, "in.wav"), outPath = Path.Combine(dir, "out.wav");
        input.Write(inPath);
        string full = Path.Combine(PluginBinaries.RepositoryRoot, "models", "percepnet-full.pnm");
        var run = RunCli("denoise", inPath, outPath, "--model", full, "--format", "float32", "--no-progress", "--force");
        Assert.True(run.ExitCode == 0, $"percepnet denoise --model {full} failed:\n{run.Describe()}");
        return PlanarAudio.Read(outPath);
    });

    /// "Model: Full" runs the embedded paper-sized network: the same audio as the CLI with models/percepnet-full.pnm,
    /// and not the default (Light) model's.
    [Theory]
    [MemberData(nameof(PluginBinaries.AllFormats), MemberType = typeof(PluginBinaries))]
    public void Model_full_equals_percepnet_denoise_with_the_full_model(PluginFormat format)
    {
        var (input, light) = Reference.Value;
        PlanarAudio full = FullReference.Value;
        RenderResult plugin = HostedRender.Run(format, input, BlockSizeSequence.Parse("480", seed: 21),
            new Dictionary<string, double> { ["model"] = 0 });
        AudioAssert.Close(full.Channels, plugin.Aligned, 1e-4f, $"{format} Model: Full vs percepnet denoise --model percepnet-full.pnm");
        double difference = AudioAssert.RmsDifference(full.Channels[0], light.Channels[0]);
        Assert.True(difference > 0.01 * AudioAssert.Rms(light.Channels[0]), $"the full and light models give the same audio (difference rms {difference})");
    }

    /// Switching the model mid-stream leaves no gap: the output level around the switch stays near the level either
    /// model gives there on its own, and after the fade the output is the newly chosen (full) model's.
    [Theory]
    [MemberData(nameof(PluginBinaries.AllFormats), MemberType = typeof(PluginBinaries))]
    public void Switching_the_model_mid_stream_cross_fades_without_a_gap(PluginFormat format)
    {
        var (input, light) = Reference.Value;
        var full = FullReference.Value;
        const long switchAt = 24000;
        var lane = new AutomationLane("model", [(switchAt, 0.0)]);
        RenderResult plugin = HostedRender.Run(format, input, BlockSizeSequence.Fixed(256), automation: [lane]);
        float[] y = plugin.Aligned[0];
        // 10 ms windows from the switch to the end of the fade (latency 1440 + settle 4800 + fade 960, a block late at most).
        for (int start = (int)switchAt; start < switchAt + 1440 + 4800 + 960 + 256; start += 480)
        {
            double got = AudioAssert.Rms(y.AsSpan(start, 480));
            double either = Math.Min(AudioAssert.Rms(full.Channels[0].AsSpan(start, 480)), AudioAssert.Rms(light.Channels[0].AsSpan(start, 480)));
            if (either < 1e-3) continue;   // a pause: nothing to lose
            Assert.True(got > 0.5 * either, $"{format}: {got:g3} rms at sample {start} against {either:g3} from either model alone (a gap)");
        }
        // After the fade the full engines run (started at the switch, so their state differs from a run started at 0
        // only a little, 100 ms later): closer to the full model's output than to the light model's.
        int settled = (int)switchAt + 1440 + 4800 + 960 + 2 * 256 + 4800;
        var tail = y.AsSpan(settled);
        double toFull = AudioAssert.RmsDifference(tail, full.Channels[0].AsSpan(settled));
        double toLight = AudioAssert.RmsDifference(tail, light.Channels[0].AsSpan(settled));
        Assert.True(toFull < 0.5 * toLight, $"{format}: after the switch the output is {toFull:g3} from the full model, {toLight:g3} from the light one");
    }
}
