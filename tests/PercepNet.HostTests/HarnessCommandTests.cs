using System.Globalization;
using PercepNet.HostTest.Hosting;
using PercepNet.HostTest.Rendering;

namespace PercepNet.HostTests;

/// The percepnet-host command line, run as users run it.
public class HarnessCommandTests
{
    [Theory]
    [MemberData(nameof(PluginBinaries.AllFormats), MemberType = typeof(PluginBinaries))]
    public void Describe_lists_the_parameters_and_the_latency(PluginFormat format)
    {
        var run = ChildProcess.Harness(["describe", "--plugin", PluginBinaries.PathOf(format), "--format", format.ToString().ToLowerInvariant()]);
        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Contains("latency at 48000 Hz:", run.Stdout);
        var parameters = run.Stdout.Split('\n').Where(l => l.StartsWith("param ")).ToList();
        // 7 inputs and the read-only Gain reduction; VST3 also has the "Preset" program change of its program list.
        Assert.Equal(format == PluginFormat.Vst3 ? 9 : 8, parameters.Count);
        var presets = run.Stdout.Split('\n').Where(l => l.StartsWith("preset: ")).Select(l => l["preset: ".Length..]).ToList();
        Assert.Equal(format == PluginFormat.Ladspa ? [] : ["Default", "Gentle", "Broadcast", "Strongest"], presets);
        // LADSPA has no value text: its host shows the number.
        string modelDefault = format == PluginFormat.Ladspa ? "'1'" : "'Light'";
        Assert.Contains(parameters, l => l.Contains("Model") && l.Contains(modelDefault));
    }

    [Fact]
    public void Render_with_parameters_and_automation_writes_the_same_audio_as_the_in_process_render()
    {
        string dir = Directory.CreateTempSubdirectory("percepnet-host-render").FullName;
        PlanarAudio input = TestSignals.Speech(seconds: 0.8);
        string inPath = Path.Combine(dir, "in.wav"), outPath = Path.Combine(dir, "out.wav"), lanePath = Path.Combine(dir, "mix.txt");
        input.Write(inPath);
        File.WriteAllText(lanePath, "0 100\n0.3 40\n0.55 100\n");
        string plugin = PluginBinaries.PathOf(PluginFormat.Clap);
        var run = ChildProcess.Harness(["render", "--plugin", plugin, inPath, outPath, "--block", "random", "--seed", "3",
            "--param", "attenuation=42", "--param", "post-filter=20 %", "--automate", $"mix={lanePath}"]);
        Assert.True(run.ExitCode == 0, run.Describe());

        using IHostedPlugin reference = PluginBinaries.Open(PluginFormat.Clap);
        HostedRender.Set(reference, new Dictionary<string, double> { ["attenuation"] = 42, ["post-filter"] = 20 });
        var lane = AutomationLane.Load("mix", lanePath, input.SampleRate);
        RenderResult expected = Renderer.Render(reference, input, new RenderSettings(BlockSizeSequence.Fixed(480), [lane]));
        AudioAssert.Close(expected.Aligned, PlanarAudio.Read(outPath).Channels, 1e-4f, "percepnet-host render vs in-process");
    }

    [Fact]
    public void Render_refuses_an_unknown_parameter_with_a_usage_error()
    {
        string dir = Directory.CreateTempSubdirectory("percepnet-host-render").FullName;
        string inPath = Path.Combine(dir, "in.wav");
        TestSignals.Speech(seconds: 0.1).Write(inPath);
        var run = ChildProcess.Harness(["render", "--plugin", PluginBinaries.PathOf(PluginFormat.Clap), inPath, Path.Combine(dir, "o.wav"), "--param", "volume=3"]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no parameter matches 'volume'", run.Stderr);
    }
}
