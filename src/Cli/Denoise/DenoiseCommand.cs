using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using PercepNet.Cli.Files;

namespace PercepNet.Cli.Denoise;

/// <summary><c>percepnet denoise</c>: one file, or a folder tree with --batch.</summary>
public static class DenoiseCommand
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static int Run(string[] args, CancellationToken cancel) =>
        Run(args, Console.Out, Console.Error, EngineChannelEnhancer.CreateFactory, null, cancel);

    /// <param name="createFactory">Builds the per-channel enhancer factory (loads the model); tests pass their own.</param>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr,
        Func<DenoiseOptions, ChannelEnhancerFactory> createFactory, AtomicFileWriter? fileWriter, CancellationToken cancel)
    {
        DenoiseOptions options;
        try
        {
            if (args.Count == 0 || args.Contains("--help") || args.Contains("-h"))
            {
                (args.Count == 0 ? stderr : stdout).WriteLine(DenoiseOptions.Usage);
                return args.Count == 0 ? (int)ExitCode.Usage : 0;
            }
            options = DenoiseOptions.Parse(args);
        }
        catch (CliException e)
        {
            stderr.WriteLine($"percepnet denoise: {e.Message}");
            stderr.WriteLine(DenoiseOptions.Usage);
            return (int)e.ExitCode;
        }

        try
        {
            var factory = createFactory(options);
            var denoiser = new FileDenoiser(factory, fileWriter);
            return options.Batch
                ? RunBatch(options, denoiser, stdout, stderr, cancel)
                : RunSingle(options, denoiser, stdout, stderr, cancel);
        }
        catch (CliException e)
        {
            stderr.WriteLine($"percepnet denoise: {e.Message}");
            return (int)e.ExitCode;
        }
        catch (OperationCanceledException)
        {
            stderr.WriteLine("percepnet denoise: interrupted; unfinished outputs were removed, finished ones kept (re-run to continue)");
            return (int)ExitCode.Interrupted;
        }
    }

    private static int RunSingle(DenoiseOptions o, FileDenoiser denoiser, TextWriter stdout, TextWriter stderr, CancellationToken cancel)
    {
        DenoiseReport report;
        try
        {
            report = ProgressDisplay.Run(o.ShowProgress && !o.Json, display =>
            {
                var bar = display.Start(Path.GetFileName(o.Input));
                var r = denoiser.Denoise(o.Input, o.Output, o.Force, o.OutputEncoding, bar.Report, cancel);
                bar.Finish();
                return r with { Preset = o.Preset?.Key };
            });
        }
        catch (CliException e) when (o.Json)
        {
            stdout.WriteLine(JsonSerializer.Serialize(Failed(o.Input, o.Output, e.Message), JsonOptions));
            throw;
        }
        stdout.WriteLine(o.Json ? JsonSerializer.Serialize(report, JsonOptions) : Describe(report));
        return 0;
    }

    private static int RunBatch(DenoiseOptions o, FileDenoiser denoiser, TextWriter stdout, TextWriter stderr, CancellationToken cancel)
    {
        var plan = BatchPlan.Create(o.Input, o.Output);
        if (plan.Count == 0)
            throw new CliException(ExitCode.InputError, $"{o.Input}: no audio files found (looked for {string.Join(" ", Audio.AudioFileReader.KnownExtensions)})");

        var reports = new ConcurrentDictionary<int, DenoiseReport>();
        // Lines written under a live progress display would tear it: with bars, per-file lines come at the end.
        bool barsShown = o.ShowProgress && ProgressDisplay.TerminalAttached;
        ProgressDisplay.Run(o.ShowProgress, display =>
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = o.Jobs, CancellationToken = cancel };
            Parallel.For(0, plan.Count, parallel, i =>
            {
                var item = plan[i];
                var report = ProcessBatchItem(item, o, denoiser, display, cancel);
                reports[i] = report;
                if (!o.Json && !barsShown)
                    lock (stdout) (report.Status == "failed" ? stderr : stdout).WriteLine(Describe(report));
            });
            return 0;
        });

        var ordered = Enumerable.Range(0, plan.Count).Select(i => reports[i]).ToList();
        if (!o.Json && barsShown)
            foreach (var r in ordered) (r.Status == "failed" ? stderr : stdout).WriteLine(Describe(r));
        int done = ordered.Count(r => r.Status == "done"), skipped = ordered.Count(r => r.Status == "skipped");
        int failed = ordered.Count(r => r.Status == "failed");
        if (o.Json)
            stdout.WriteLine(JsonSerializer.Serialize(new { files = ordered, done, skipped, failed }, JsonOptions));
        stderr.WriteLine($"percepnet denoise: {done} done, {skipped} skipped (already done), {failed} failed");
        return failed > 0 ? (int)ExitCode.SomeFilesFailed : 0;
    }

    private static DenoiseReport ProcessBatchItem(BatchItem item, DenoiseOptions o, FileDenoiser denoiser, ProgressDisplay display, CancellationToken cancel)
    {
        if (item.Problem is not null) return Failed(item.Input, item.Output, item.Problem);
        // An output only exists once complete (atomic rename), so existing means finished: skip on re-runs.
        if (File.Exists(item.Output) && !o.Force)
            return new DenoiseReport { Input = item.Input, Output = item.Output, Status = "skipped" };
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(item.Output))!);
            var bar = display.Start(Path.GetFileName(item.Input));
            try { return denoiser.Denoise(item.Input, item.Output, o.Force, o.OutputEncoding, bar.Report, cancel) with { Preset = o.Preset?.Key }; }
            finally { bar.Finish(); } // a failed file's bar must not stay open
        }
        catch (CliException e) { return Failed(item.Input, item.Output, e.Message); }
        catch (UnauthorizedAccessException e) { return Failed(item.Input, item.Output, $"{item.Output}: permission denied: {e.Message}"); }
        catch (IOException e) { return Failed(item.Input, item.Output, $"{item.Output}: {e.Message}"); }
    }

    private static DenoiseReport Failed(string input, string output, string error) =>
        new() { Input = input, Output = output, Status = "failed", Error = error };

    private static string Describe(DenoiseReport r) => r.Status switch
    {
        "done" => $"done     {r.Input} -> {r.Output}  ({r.DurationSeconds:0.0} s of audio, {r.SpeedTimesRealTime:0}x real time, " +
                  $"noise reduction ~{(r.NoiseReductionDb is { } nr ? $"{nr:0.0} dB" : "n/a")}, {r.ClippedSamples} clipped samples)",
        "skipped" => $"skipped  {r.Input} -> {r.Output}  (output exists; --force to redo)",
        _ => $"failed   {r.Error}",
    };
}
