using NAudio.Wave;
using PercepNet.HostTest.Hosting;

namespace PercepNet.HostTests;

/// Hosts we did not write: Ardour's VST3 scanner and the LADSPA SDK's applyplugin and
/// analyseplugin (Debian packages `ardour` and `ladspa-sdk`, installed by the test script).
public class ThirdPartyHostTests
{
    static string ArdourScanner()
    {
        var candidates = Directory.Exists("/usr/lib")
            ? Directory.GetDirectories("/usr/lib", "ardour*").SelectMany(d => Directory.GetFiles(d, "*vst3-scanner*", SearchOption.AllDirectories))
            : [];
        return candidates.FirstOrDefault()
            ?? throw new Xunit.Sdk.XunitException("Ardour's VST3 scanner not found under /usr/lib/ardour*/ (apt-get install -y ardour)");
    }

    static string Tool(string name) => ChildProcess.FindOnPath(name)
        ?? throw new Xunit.Sdk.XunitException($"{name} not found on PATH (apt-get install -y ladspa-sdk)");

    [Fact]
    public void Ardour_vst3_scanner_loads_and_describes_the_bundle()
    {
        string bundle = PluginBinaries.PathOf(PluginFormat.Vst3);
        string home = Directory.CreateTempSubdirectory("ardour-scan").FullName;
        string scanner = ArdourScanner();
        // The scanner links Ardour's private libraries, which live beside it.
        var run = ChildProcess.Run(scanner, ["-f", bundle], new Dictionary<string, string>
        {
            ["HOME"] = home, ["XDG_CACHE_HOME"] = Path.Combine(home, ".cache"), ["LD_LIBRARY_PATH"] = Path.GetDirectoryName(scanner)!,
        });
        Assert.True(run.ExitCode == 0, $"ardour-vst3-scanner failed:\n{run.Describe()}");
        Assert.Contains("Found Plugin: PercepNet", run.Stdout + run.Stderr);

        // The scanner indexes each class into an XML cache (.v3i); check what it learned.
        string cache = Directory.GetFiles(home, "*.v3i", SearchOption.AllDirectories).SingleOrDefault()
            ?? throw new Xunit.Sdk.XunitException($"no .v3i cache written under {home}:\n{run.Describe()}");
        var info = System.Xml.Linq.XDocument.Load(cache).Descendants("VST3Info").Single();
        using var plugin = PluginBinaries.Open(PluginFormat.Vst3);
        Assert.Equal(plugin.Id, (string?)info.Attribute("uid"), ignoreCase: true);
        Assert.Equal("PercepNet", (string?)info.Attribute("name"));
        Assert.StartsWith("Fx", (string?)info.Attribute("category"));
        Assert.True((int?)info.Attribute("n_inputs") >= 1, cache);
        Assert.Equal((int?)info.Attribute("n_inputs"), (int?)info.Attribute("n_outputs"));
        Assert.Equal(0, (int?)info.Attribute("n_midi_inputs"));
    }

    /// applyplugin reads 16-bit PCM WAV only.
    static string WritePcm16(float[] samples, int rate, string path)
    {
        using var writer = new WaveFileWriter(path, new WaveFormat(rate, 16, 1));
        writer.WriteSamples(samples, 0, samples.Length);
        return path;
    }

    [Fact]
    public void Analyseplugin_describes_the_ladspa_plugin()
    {
        var run = ChildProcess.Run(Tool("analyseplugin"), [PluginBinaries.PathOf(PluginFormat.Ladspa)]);
        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Contains("PercepNet", run.Stdout);
        Assert.Contains("latency", run.Stdout, StringComparison.OrdinalIgnoreCase);
    }

    /// analyseplugin dlcloses the library before exiting. A NativeAOT runtime cannot be
    /// unloaded under its own running threads, so an image that is really unmapped crashes the
    /// host now and then (seen: 2 in 100 runs); linking with -z nodelete keeps it mapped.
    [Fact]
    public void Repeated_load_and_unload_by_analyseplugin_never_crashes()
    {
        string plugin = PluginBinaries.PathOf(PluginFormat.Ladspa);
        for (int run = 0; run < 60; run++)
        {
            var result = ChildProcess.Run(Tool("analyseplugin"), [plugin]);
            Assert.True(result.ExitCode == 0, $"run {run}: analyseplugin exited with {result.ExitCode} (139 = segfault at unload)");
        }
    }

    [Fact]
    public void Applyplugin_runs_the_ladspa_plugin_on_a_wav()
    {
        string plugin = PluginBinaries.PathOf(PluginFormat.Ladspa);
        string label;
        using (var probe = (PercepNet.HostTest.Ladspa.LadspaPluginInstance)PluginLoader.Open(plugin, PluginFormat.Ladspa, 1))
            label = probe.Id.Split(':', 2)[1];
        string dir = Directory.CreateTempSubdirectory("applyplugin").FullName;
        float[] speech = PercepNet.HostTest.Rendering.SpeechLikeSignal.Generate(48000, 1.0);
        string input = WritePcm16(speech, 48000, Path.Combine(dir, "in.wav"));
        string output = Path.Combine(dir, "out.wav");
        // applyplugin takes every input control port value on the command line, in port order (not the meter, an output).
        using var described = PluginLoader.Open(plugin, PluginFormat.Ladspa, 1);
        var controls = described.Parameters.Where(p => !p.IsReadOnly).Select(p => p.Default.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var run = ChildProcess.Run(Tool("applyplugin"), [input, output, plugin, label, .. controls]);
        Assert.True(run.ExitCode == 0, run.Describe());
        using var reader = new WaveFileReader(output);
        Assert.Equal(48000, reader.WaveFormat.SampleRate);
        var samples = new float[(int)reader.SampleCount];
        int read = reader.ToSampleProvider().Read(samples, 0, samples.Length);
        Assert.True(read >= speech.Length - 1, $"applyplugin wrote {read} samples for {speech.Length}");
        Assert.True(AudioAssert.Rms(samples) > 1e-3, "applyplugin output is silent");
        Assert.All(samples, v => Assert.True(float.IsFinite(v)));
    }
}
