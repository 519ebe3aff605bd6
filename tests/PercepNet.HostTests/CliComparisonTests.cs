using PercepNet.HostTest.Hosting;
using PercepNet.HostTest.Rendering;

namespace PercepNet.HostTests;

/// The plugins and `percepnet denoise` share the engine's ChannelProcessor, so on the same
/// file they must produce the same audio after latency alignment (the CLI removes the latency
/// itself). The built CLI comes from the test script through PERCEPNET_CLI: an executable, or
/// a percepnet.dll run with dotnet.
public class CliComparisonTests
{
    static ChildProcess.Result RunCli(params string[] args)
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

    static readonly Lazy<PlanarAudio> LightReference = new(() =>
    {
        var (input, _) = Reference.Value;
        string dir = Directory.CreateTempSubdirectory("percepnet-cli-compare-light").FullName;
        string inPath = Path.Combine(dir, "in.wav"), outPath = Path.Combine(dir, "out.wav");
        input.Write(inPath);
        string small = Path.Combine(PluginBinaries.RepositoryRoot, "models", "percepnet-small.pnm");
        var run = RunCli("denoise", inPath, outPath, "--model", small, "--format", "float32", "--no-progress", "--force");
        Assert.True(run.ExitCode == 0, $"percepnet denoise --model {small} failed:\n{run.Describe()}");
        return PlanarAudio.Read(outPath);
    });

    /// "Model: Light" runs the embedded small network: the same audio as the CLI with models/percepnet-small.pnm,
    /// and not the default model's.
    [Theory]
    [InlineData(PluginFormat.Clap)]
    [InlineData(PluginFormat.Vst3)]
    [InlineData(PluginFormat.Ladspa)]
    public void Model_light_equals_percepnet_denoise_with_the_small_model(PluginFormat format)
    {
        var (input, full) = Reference.Value;
        PlanarAudio light = LightReference.Value;
        RenderResult plugin = HostedRender.Run(format, input, BlockSizeSequence.Parse("480", seed: 21),
            new Dictionary<string, double> { ["model"] = 1 });
        AudioAssert.Close(light.Channels, plugin.Aligned, 1e-4f, $"{format} Model: Light vs percepnet denoise --model percepnet-small.pnm");
        double difference = AudioAssert.Rms(light.Channels[0].Zip(full.Channels[0], (a, b) => a - b).ToArray());
        Assert.True(difference > 0.01 * AudioAssert.Rms(full.Channels[0]), $"the light and full models give the same audio (difference rms {difference})");
    }
}
