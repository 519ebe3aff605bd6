using PercepNet.Engine.Resampling;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using PercepNet.Cli.Audio;
using PercepNet.Cli.CommandLine;
using PercepNet.Cli.Oracle;

namespace PercepNet.Cli.Evaluate;

/// <summary>
/// <c>percepnet evaluate --clean DIR --enhanced DIR</c>: DNSMOS P.835 of every enhanced file (no reference needed) and,
/// where the clean file with the same relative path exists, SI-SDR, ESTOI, segmental SNR and where SI-SDR's error lies
/// (pauses or speech frames) against it; with
/// <c>--noisy DIR</c> also the attenuation against the input (the harmonic-non-speech check feeds noise alone).
/// Prints a table (or JSON) with a mean row.
/// </summary>
public static class EvaluateCommand
{
    public const string Usage =
        """
        usage: percepnet evaluate --enhanced DIR [--clean DIR] [options]
          --enhanced DIR   enhanced files (recursive; WAV/MP3/Ogg)
          --clean DIR      clean references at the same relative paths (for SI-SDR, ESTOI, segmental SNR, and
                           SI-SDR's error in the pauses and in the speech frames)
          --noisy DIR      the inputs at the same relative paths (for the attenuation in dB)
          --dnsmos DIR     folder with DNSMOS sig_bak_ovr.onnx (default: ../shared/eval-models/dnsmos if present)
          --no-dnsmos      skip DNSMOS
          --json           JSON instead of a table
        """;

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static int Run(string[] args, CancellationToken cancel) => Run(args, Console.Out, Console.Error, cancel);

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancel)
    {
        if (args.Contains("--help") || args.Contains("-h")) { stdout.WriteLine(Usage); return 0; }
        try
        {
            var a = ParsedArguments.Parse(args, ["clean", "enhanced", "dnsmos", "noisy"], ["json", "no-dnsmos"]);
            if (a.Positionals.Count > 0) throw ParsedArguments.Usage($"unexpected argument '{a.Positionals[0]}'");
            string enhancedDir = a.Value("enhanced") ?? throw ParsedArguments.Usage("--enhanced DIR is required");
            string? cleanDir = a.Value("clean");
            if (!Directory.Exists(enhancedDir)) throw new CliException(ExitCode.InputError, $"{enhancedDir}: no such folder");
            string? noisyDir = a.Value("noisy");
            foreach (var dir in new[] { cleanDir, noisyDir })
                if (dir is not null && !Directory.Exists(dir)) throw new CliException(ExitCode.InputError, $"{dir}: no such folder");

            using var dnsmos = OpenDnsmos(a, stderr);
            if (dnsmos is null && cleanDir is null && noisyDir is null)
                throw ParsedArguments.Usage("nothing to measure: give --clean DIR, --noisy DIR, or DNSMOS models");

            var files = Directory.EnumerateFiles(enhancedDir, "*", SearchOption.AllDirectories)
                .Where(f => AudioFileReader.KnownExtensions.Contains(Path.GetExtension(f)))
                .Order(StringComparer.Ordinal).ToList();
            if (files.Count == 0) throw new CliException(ExitCode.InputError, $"{enhancedDir}: no audio files found");

            var rows = new List<EvaluationRow>();
            foreach (string file in files)
            {
                cancel.ThrowIfCancellationRequested();
                string relative = Path.GetRelativePath(enhancedDir, file);
                try { rows.Add(Evaluate(file, relative, cleanDir, noisyDir, dnsmos)); }
                catch (CliException e) { rows.Add(new EvaluationRow { File = relative, Error = e.Message }); }
            }
            var mean = EvaluationRow.Mean(rows);
            stdout.WriteLine(a.Flag("json")
                ? JsonSerializer.Serialize(new { files = rows, mean }, JsonOptions)
                : FormatTable([.. rows, mean]));
            return rows.Any(r => r.Error is not null) ? (int)ExitCode.SomeFilesFailed : 0;
        }
        catch (CliException e)
        {
            stderr.WriteLine($"percepnet evaluate: {e.Message}");
            if (e.ExitCode == ExitCode.Usage) stderr.WriteLine(Usage);
            return (int)e.ExitCode;
        }
        catch (OperationCanceledException)
        {
            stderr.WriteLine("percepnet evaluate: interrupted");
            return (int)ExitCode.Interrupted;
        }
    }

    private static DnsmosScorer? OpenDnsmos(ParsedArguments a, TextWriter stderr)
    {
        if (a.Flag("no-dnsmos")) return null;
        if (a.Value("dnsmos") is { } dir) return new DnsmosScorer(dir);
        string fallback = Path.GetFullPath(Path.Combine("..", "shared", "eval-models", "dnsmos"));
        if (File.Exists(Path.Combine(fallback, DnsmosScorer.ModelFile))) return new DnsmosScorer(fallback);
        stderr.WriteLine($"percepnet evaluate: no DNSMOS model at {fallback}; DNSMOS skipped (use --dnsmos DIR)");
        return null;
    }

    private static EvaluationRow Evaluate(string file, string relative, string? cleanDir, string? noisyDir, DnsmosScorer? dnsmos)
    {
        var enhanced = MonoAudio.Load(file);
        DnsmosScore? score = dnsmos?.Score(WholeSignalResampler.Resample(enhanced.Samples, enhanced.SampleRate, DnsmosScorer.SampleRate));
        ReferenceScores? reference = null;
        if (cleanDir is not null)
        {
            string cleanPath = FindClean(cleanDir, relative)
                ?? throw new CliException(ExitCode.InputError, $"{relative}: no clean file with this name in {cleanDir}");
            var clean = MonoAudio.Load(cleanPath);
            if (clean.SampleRate != enhanced.SampleRate)
                throw new CliException(ExitCode.InputError, $"{relative}: clean is {clean.SampleRate} Hz, enhanced {enhanced.SampleRate} Hz");
            reference = ReferenceScores.Measure(clean.Samples, enhanced.Samples, clean.SampleRate);
        }
        double? attenuation = null;
        if (noisyDir is not null)
        {
            string noisyPath = FindClean(noisyDir, relative)
                ?? throw new CliException(ExitCode.InputError, $"{relative}: no input file with this name in {noisyDir}");
            var noisy = MonoAudio.Load(noisyPath);
            attenuation = 10 * Math.Log10((CleanSpeechCheck.Energy(noisy.Samples, 0, noisy.Samples.Length) + 1e-20)
                / (CleanSpeechCheck.Energy(enhanced.Samples, 0, enhanced.Samples.Length) + 1e-20));
        }
        return new EvaluationRow
        {
            File = relative,
            DnsmosSig = Round(score?.Sig),
            DnsmosBak = Round(score?.Bak),
            DnsmosOvrl = Round(score?.Ovrl),
            SiSdrDb = Round(reference?.SiSdrDb),
            Estoi = Round(reference?.Estoi),
            SegSnrDb = Round(reference?.SegSnrDb),
            PauseErrorDb = Round(reference?.PauseErrorDb),
            SpeechErrorDb = Round(reference?.SpeechErrorDb),
            AttenuationDb = Round(attenuation),
        };
    }

    /// <summary>Same relative path, or the same name with another audio extension (an MP3 clean file, a WAV output).</summary>
    private static string? FindClean(string cleanDir, string relative)
    {
        string exact = Path.Combine(cleanDir, relative);
        if (File.Exists(exact)) return exact;
        string stem = Path.Combine(cleanDir, Path.ChangeExtension(relative, null));
        return AudioFileReader.KnownExtensions.Select(ext => stem + ext).FirstOrDefault(File.Exists);
    }

    private static double? Round(double? v) => v is { } x && double.IsFinite(x) ? Math.Round(x, 3) : null;

    private static string FormatTable(IReadOnlyList<EvaluationRow> rows)
    {
        string[] header = ["file", "SIG", "BAK", "OVRL", "SI-SDR dB", "ESTOI", "segSNR dB", "err. pauses dB", "err. speech dB", "atten. dB"];
        var cells = rows.Select(r => r.Error is not null
            ? new[] { r.File, "error: " + r.Error, "", "", "", "", "", "", "", "" }
            : new[] { r.File, F(r.DnsmosSig, "0.00"), F(r.DnsmosBak, "0.00"), F(r.DnsmosOvrl, "0.00"), F(r.SiSdrDb, "0.0"), F(r.Estoi, "0.000"), F(r.SegSnrDb, "0.0"), F(r.PauseErrorDb, "0.0"), F(r.SpeechErrorDb, "0.0"), F(r.AttenuationDb, "0.0") }).ToList();
        int[] widths = header.Select((h, c) => Math.Max(h.Length, cells.Max(row => c == 1 && row[1].StartsWith("error") ? 0 : row[c].Length))).ToArray();
        var sb = new StringBuilder();
        void Line(string[] row) => sb.AppendLine(string.Join("  ", row.Select((cell, c) => c == 0 ? cell.PadRight(widths[0]) : cell.PadLeft(widths[c]))).TrimEnd());
        Line(header);
        foreach (var row in cells) Line(row);
        return sb.ToString().TrimEnd();
    }

    private static string F(double? v, string format) => v is { } x ? x.ToString(format, CultureInfo.InvariantCulture) : "-";
}
