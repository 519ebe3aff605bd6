using System.Globalization;
using System.Text.Json;
using PercepNet.HostTest.Hosting;
using PercepNet.HostTest.Rendering;
using Xunit.Abstractions;

namespace PercepNet.HostTests;

/// The OBS route of installer/README.md run for real: a PipeWire daemon of the test's own loads the shipped
/// filter-chain config (installer/pipewire/percepnet-mic.conf, with the plug-in path rewritten as install.sh does)
/// with the built LADSPA plug-in; `pw-cat` plays noisy speech into the filter's capture side, as a microphone would,
/// and a second `pw-cat` records the "PercepNet Microphone" source, as OBS would. The recorder takes the raw
/// microphone on its left channel and the filtered source on its right, in the same graph cycles, so the delay
/// between them is the route's latency, measured without trusting any clock.
///
/// The recording must show the same processing as `percepnet denoise` with the config's settings: the same noise
/// reduction and the same audio, at the latency the plug-in reports.
///
/// The graph runs in real time. The plug-in runs from the moment the recorder is linked, so it has processed silence
/// before the file for as long as the recording shows, or one graph cycle more when the recorder's stream started a
/// cycle after the filter's (seen: 0, 1 and 2 cycles). The CLI is given that same silence first, because the
/// network's state after 90 s of silence is not its state after 0.5 s (measured: up to 3 dB more noise reduction in
/// the first seconds of noise; one cycle, 85 ms, more or less silence: 3-6 % output difference), and the history of
/// 0 to 3 extra cycles that matches is the one compared. A machine too loaded for real time loses graph cycles
/// (an xrun); the recording then no longer holds the file sample for sample, and that run is repeated, up to five
/// times.
public class PipeWireRouteTests(ITestOutputHelper output, RunnerLog log) : IClassFixture<RunnerLog>
{
    const double PadSeconds = 0.5;        // digital silence before and after: covers the time pw-link takes to connect
    const int MaxLag = 8192;              // the longest delay looked for: 2 cycles, 6 times the plug-in's latency
    const double NoiseLeadSeconds = 1.5;  // noise alone before the speech: where noise reduction is measured
    const double SettleSeconds = 0.5;     // skipped at the start of the noise: the network's state settles there

    [SkippableFact]
    public void Obs_route_pipewire_filter_chain_with_the_shipped_config_denoises_like_the_cli()
    {
        SkipIf(PipeWireDaemon.Unavailable() ?? MissingRecordings());
        using var temp = new TempFolder();
        string dir = temp.Path;
        var controls = ShippedPipeWireConfig.Controls();
        Assert.Equal(0, controls["Bypass"]);

        // 1. Noisy speech through PipeWire, and where the microphone signal starts in the recording: it must be the
        //    file, sample for sample (no resampling, no volume, no dropout), or the figures below would compare
        //    different signals.
        PlanarAudio input = NoisySpeech(dir);
        string inPath = Path.Combine(dir, "mic.wav");
        input.Write(inPath);
        //    The delay of the filtered channel (the latency) is measured against the file in each second of speech:
        //    one value, or the filter chain lost or repeated a cycle in between.
        float[] raw = [], filtered = [];
        int start = -1, measured = -1;
        int speechFrom = (int)((PadSeconds + NoiseLeadSeconds) * input.SampleRate), second = input.SampleRate;
        int speechSeconds = (input.Frames - speechFrom - (int)(PadSeconds * input.SampleRate)) / second;
        var attempts = new List<string>();
        while (start < 0 && attempts.Count < 5)
        {
            PlanarAudio recording;
            using (var pipewire = StartPipeWire())
                recording = PlayThroughTheFilter(pipewire, inPath, Path.Combine(dir, "recorded.wav"));
            (raw, filtered) = (recording.Channels[0], recording.Channels[1]);
            int at = Array.FindIndex(raw, v => v != 0) - Array.FindIndex(input.Channels[0], v => v != 0);
            string? problem = at < 0 || at + input.Frames + MaxLag > raw.Length
                ? $"the recording ({raw.Length} frames) does not hold the whole file ({input.Frames} frames) from {at}"
                : AudioAssert.MaxAbsDifference(input.Channels[0], raw.AsSpan(at, input.Frames)) is var e and > 0
                    ? $"the microphone side of the recording is not the played file (max difference {e}): cycles were lost"
                    : null;
            if (problem is null)
            {
                var delays = Enumerable.Range(0, speechSeconds).Select(k => speechFrom + k * second)
                    .Select(from => AudioAssert.DelayOf(input.Channels[0].AsSpan(from, second), filtered.AsSpan(at + from, second + MaxLag), MaxLag))
                    .ToList();
                if (delays.Distinct().Count() == 1) (start, measured) = (at, delays[0]);
                else problem = $"the filtered side's delay changed within the file ({string.Join(", ", delays)} samples, second by second): the filter chain lost a cycle";
            }
            if (problem is not null) attempts.Add(problem);
        }
        Assert.True(start >= 0, $"every run lost audio:\n{string.Join("\n", attempts)}");

        // 2. Latency, measured above, against what the plug-in reports.
        int reported = ReportedLatency(controls);
        float[] aligned = filtered.AsSpan(start + measured, input.Frames).ToArray();

        // 3. What the CLI makes of the same history (silence, then the file) with the config's settings.
        var candidates = Enumerable.Range(0, 4).Select(extraCycles =>
        {
            int silence = start + extraCycles * PipeWireDaemon.Quantum;
            var (cliOut, reportDb) = CliDenoise(input.Channels[0], silence, Path.Combine(dir, $"cli{extraCycles}"), controls);
            return (extraCycles, cliOut, reportDb, difference: AudioAssert.RmsDifference(cliOut, aligned) / AudioAssert.Rms(cliOut));
        }).ToList();
        var (extra, cli, cliReportDb, difference) = candidates.MinBy(c => c.difference);

        // 4. Noise reduction over the noise-only stretch, input energy over output energy, for both renders.
        int noiseFrom = (int)((PadSeconds + SettleSeconds) * input.SampleRate), noiseTo = speechFrom;
        double pipewireDb = ReductionDb(input.Channels[0], aligned, noiseFrom, noiseTo);
        double cliDb = ReductionDb(input.Channels[0], cli, noiseFrom, noiseTo);

        string summary = string.Create(CultureInfo.InvariantCulture,
            $"PipeWire route: latency measured {measured} samples, plug-in reports {reported}; noise reduction {pipewireDb:0.000} dB through PipeWire, " +
            $"{cliDb:0.000} dB from percepnet denoise (its own estimate {cliReportDb:0.0} dB); output difference {difference:P5} of the CLI's rms " +
            $"with the CLI given {start / (double)input.SampleRate:0.00} s + {extra} cycle(s) of silence first " +
            $"(0/1/2/3 cycles: {string.Join(" / ", candidates.Select(c => c.difference.ToString("P3", CultureInfo.InvariantCulture)))}); " +
            $"{attempts.Count} earlier run(s) lost cycles{string.Concat(attempts.Select(a => "; " + a))}");
        output.WriteLine(summary);
        log.WriteLine(summary);

        Assert.Equal(reported, measured);
        Assert.True(cliDb > 10, $"the CLI reduces the noise by {cliDb:0.0} dB only: the test signal does not exercise the denoiser");
        Assert.True(Math.Abs(pipewireDb - cliDb) <= NoiseReductionToleranceDb, summary);
        Assert.True(difference <= OutputDifferenceTolerance, summary);
    }

    /// Measured with the matching history (installer/README.md): under 0.005 dB and 0.0003 % (what is left is the
    /// NativeAOT plug-in's float rounding against the JIT-compiled CLI's). One cycle of history off gives 0.6 dB and
    /// 3-6 %; a wrong setting or model more. The tolerances sit well between.
    const double NoiseReductionToleranceDb = 0.1;
    const double OutputDifferenceTolerance = 0.0005;

    /// The test's files (tens of MB of recordings), removed afterwards.
    sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("percepnet-obs-route").FullName;

        public void Dispose()
        {
            try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// Skips, saying why in the runner's output too (a skip reason alone does not show in `dotnet test`'s).
    void SkipIf(string? reason)
    {
        if (reason is null) return;
        log.WriteLine($"PipeWire route test SKIPPED: {reason}");
        Skip.If(true, reason);
    }

    PipeWireDaemon StartPipeWire()
    {
        string plugin = PluginBinaries.PathOf(PluginFormat.Ladspa);
        try
        {
            return new PipeWireDaemon(new Dictionary<string, string> { ["percepnet-mic.conf"] = ShippedPipeWireConfig.InstalledText(plugin) });
        }
        catch (PipeWireUnavailableException e)
        {
            SkipIf($"PipeWire is installed but cannot run here: {e.Message}");
            throw;
        }
    }

    /// The microphone (player) feeds the filter's capture side and the recorder's left channel; the "PercepNet
    /// Microphone" source feeds the recorder's right channel. The recorder runs first, so it misses nothing.
    static PlanarAudio PlayThroughTheFilter(PipeWireDaemon pipewire, string inPath, string recordedPath)
    {
        int filterIn = pipewire.WaitForNode("capture.percepnet_mic");
        int filterOut = pipewire.WaitForNode("percepnet_mic");
        pipewire.SetDspPorts(filterIn, output: false, "MONO");
        pipewire.SetDspPorts(filterOut, output: true, "MONO");

        var recorder = pipewire.StartClient("pw-cat", "--record", "--rate", $"{PipeWireDaemon.Rate}", "--channels", "2", "--format", "f32",
            "-P", "{ node.name = percepnet-test-recorder }", recordedPath);
        pipewire.SetDspPorts(pipewire.WaitForNode("percepnet-test-recorder"), output: false, "FL", "FR");
        pipewire.Link("percepnet_mic:capture_MONO", "percepnet-test-recorder:input_FR");

        var player = pipewire.StartClient("pw-cat", "--playback", "-P", "{ node.name = percepnet-test-mic }", inPath);
        pipewire.SetDspPorts(pipewire.WaitForNode("percepnet-test-mic"), output: true, "MONO");
        pipewire.Link("percepnet-test-mic:output_MONO", "capture.percepnet_mic:input_MONO");
        pipewire.Link("percepnet-test-mic:output_MONO", "percepnet-test-recorder:input_FL");

        double seconds = new FileInfo(inPath).Length / 4.0 / PipeWireDaemon.Rate;
        Assert.True(player.WaitForExit((int)(seconds * 1000) + 30_000), $"pw-cat --playback did not finish\n{pipewire.Log}");
        Thread.Sleep(500); // the last quanta reach the recorder
        PipeWireDaemon.Interrupt(recorder);
        Assert.True(player.ExitCode == 0, $"pw-cat --playback failed ({player.ExitCode})\n{pipewire.Log}");
        return PlanarAudio.Read(recordedPath);
    }

    /// `percepnet denoise` with the config's control values on <paramref name="silence"/> samples of silence then
    /// <paramref name="signal"/>, as float so nothing is lost to quantisation; returns the output for the signal.
    static (float[] Output, double ReportDb) CliDenoise(float[] signal, int silence, string name, IReadOnlyDictionary<string, double> c)
    {
        float[] history = new float[silence + signal.Length];
        signal.CopyTo(history, silence);
        string inPath = name + ".in.wav", outPath = name + ".out.wav";
        new PlanarAudio([history], PipeWireDaemon.Rate).Write(inPath);
        string? cli = Environment.GetEnvironmentVariable("PERCEPNET_CLI");
        Assert.True(!string.IsNullOrEmpty(cli) && File.Exists(cli), $"PERCEPNET_CLI must name the built percepnet CLI; it is '{cli}'");
        string F(double percent) => (percent / 100).ToString(CultureInfo.InvariantCulture);
        string[] args = ["denoise", inPath, outPath, "--format", "float32", "--no-progress", "--json", "--force",
            "--attenuation-limit", c["Attenuation limit (dB)"].ToString(CultureInfo.InvariantCulture), "--postfilter", F(c["Post-filter amount (%)"]),
            "--lookahead", ((int)c["Lookahead (frames)"]).ToString(CultureInfo.InvariantCulture), "--dry-wet", F(c["Dry/wet mix (%)"]),
            "--model", c["Model"] == 1 ? "light" : "full"];
        var run = cli!.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
            ? ChildProcess.Run("dotnet", [cli, .. args], timeoutSeconds: 300)
            : ChildProcess.Run(cli, args, timeoutSeconds: 300);
        Assert.True(run.ExitCode == 0, $"percepnet denoise failed:\n{run.Describe()}");
        double reportDb = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("noiseReductionDb").GetDouble();
        return (PlanarAudio.Read(outPath).Channels[0][silence..], reportDb);
    }

    /// The latency the LADSPA plug-in publishes on its "latency" port at 48 kHz with the config's controls.
    static int ReportedLatency(IReadOnlyDictionary<string, double> controls)
    {
        var result = HostedRender.Run(PluginFormat.Ladspa, TestSignals.Speech(PipeWireDaemon.Rate, seconds: 0.2),
            BlockSizeSequence.Fixed(PipeWireDaemon.Quantum), controls);
        return result.Latency;
    }

    static double ReductionDb(float[] input, float[] output, int from, int to)
    {
        double e = 0, o = 0;
        for (int i = from; i < to; i++) { e += (double)input[i] * input[i]; o += (double)output[i] * output[i]; }
        return 10 * Math.Log10(e / Math.Max(o, 1e-30));
    }

    /// Real speech over real noise from shared/data (decoded by the reference `flac` tool): silence, noise alone,
    /// then a sentence in the noise at 5 dB SNR, then silence, mono 48 kHz.
    static PlanarAudio NoisySpeech(string dir)
    {
        float[] speech = Decode(dir, "speech/ravdess/Actor_01/03-01-06-02-01-01-01.flac");
        float[] noise = Decode(dir, FirstNoise());
        int rate = PipeWireDaemon.Rate, pad = (int)(PadSeconds * rate), lead = (int)(NoiseLeadSeconds * rate);
        double speechPower = speech.Average(s => (double)s * s), noisePower = noise.Average(s => (double)s * s);
        float gain = (float)Math.Sqrt(speechPower / noisePower / Math.Pow(10, 5 / 10.0));
        var x = new float[pad + lead + speech.Length + pad];
        for (int i = 0; i < lead + speech.Length; i++)
            x[pad + i] = gain * noise[i % noise.Length] + (i >= lead ? speech[i - lead] : 0);
        return new PlanarAudio([x], rate);
    }

    static string SharedData =>
        Environment.GetEnvironmentVariable("PERCEPNET_DATA") is { Length: > 0 } d ? d
            : Path.Combine(Path.GetDirectoryName(PluginBinaries.RepositoryRoot)!, "shared", "data");

    /// A clone alone has no ../shared: skipped then with the reason, except in CI (CI=true), where it must fail.
    static string? MissingRecordings() =>
        File.Exists(Path.Combine(SharedData, "MANIFEST.tsv")) || string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
            ? null
            : "needs the real recordings of ../shared/data: clone beside ../shared or set PERCEPNET_DATA to a copy of shared/data (CI=true fails instead)";

    static string FirstNoise() =>
        File.ReadLines(Path.Combine(SharedData, "MANIFEST.tsv")).Select(l => l.Split('\t'))
            .First(f => f.Length > 2 && f[1] == "noise" && f[2] == "48000")[0];

    static float[] Decode(string dir, string relative)
    {
        string wav = Path.Combine(dir, Path.GetFileNameWithoutExtension(relative) + ".wav");
        var run = ChildProcess.Run("flac", ["-s", "-d", "-f", Path.Combine(SharedData, relative), "-o", wav]);
        Assert.True(run.ExitCode == 0, $"flac -d {relative} failed:\n{run.Describe()}");
        var audio = PlanarAudio.Read(wav);
        Assert.Equal(PipeWireDaemon.Rate, audio.SampleRate);
        return audio.Channels[0];
    }
}
