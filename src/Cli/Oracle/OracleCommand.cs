using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PercepNet.Cli.Audio;
using PercepNet.Cli.Evaluate;
using PercepNet.Cli.Files;
using PercepNet.Engine.Oracle;
using PercepNet.Engine.Resampling;

namespace PercepNet.Cli.Oracle;

/// <summary>
/// `percepnet oracle --clean CLEAN.wav --noisy NOISY.wav --out DIR [--json]`: runs the oracle ladder
/// (docs/DESIGN.md §3), writes one WAV per rung into DIR and prints SI-SDR, ESTOI and segmental SNR per
/// rung, with the noisy input as the first row. `percepnet oracle --dev-ladder DATA_DIR [--mixtures N]
/// [--all-licences] [--model light|full|FILE] [--pitch noisy|clean]` runs the ladder (and the trained model at each lookahead) over real dev-split mixtures at 0, 5 and 10 dB and prints a
/// Markdown table (docs/oracle-ladder.md). `--split heldout --extra DIR --snrs -10,...,30 --no-oracle --write DIR` writes the
/// generalization dev set (held-out noise kinds, docs/generalization.md) for training/compare_generalization.sh. `--pitch clean` drives the oracle rungs' comb filter from the
/// clean speech's own pitch track: the headroom a better tracker has (the default, noisy, is the engine's).
/// </summary>
public static class OracleCommand
{
    private const int Rate = 48000;

    /// <summary>Runs the command; an expected failure (bad option, unreadable file, no dev data) is a
    /// one-line message and its exit code, not a stack trace.</summary>
    public static int Run(string[] args)
    {
        try
        {
            return RunChecked(args);
        }
        catch (CliException e)
        {
            Console.Error.WriteLine($"percepnet oracle: {e.Message}");
            return (int)e.ExitCode;
        }
    }

    private static int RunChecked(string[] args)
    {
        string? clean = null, noisy = null, outDir = null, devData = null, modelPath = null, writeDir = null;
        bool json = false, allLicences = false;
        var pitch = PitchSource.Noisy;
        int mixtures = 20;
        string split = "dev";
        var extras = new List<string>();
        double[] snrs = [0, 5, 10];
        bool oracleRungs = true;
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new CliException(ExitCode.Usage, $"{args[i]} needs a value");
            switch (args[i])
            {
                case "--clean": clean = Next(); break;
                case "--noisy": noisy = Next(); break;
                case "--out": outDir = Next(); break;
                case "--json": json = true; break;
                case "--dev-ladder": devData = Next(); break;
                case "--mixtures": mixtures = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--all-licences": allLicences = true; break;
                case "--model": modelPath = Next(); break;
                case "--write": writeDir = Next(); break;
                case "--split":
                    split = Next();
                    if (split is not ("dev" or "heldout")) throw new CliException(ExitCode.Usage, $"--split is dev or heldout, not {split}");
                    break;
                case "--extra": extras.Add(Next()); break;
                case "--snrs":
                    try { snrs = Next().Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray(); }
                    catch (FormatException) { throw new CliException(ExitCode.Usage, "--snrs takes comma-separated dB values, e.g. -10,-5,0,5"); }
                    break;
                case "--no-oracle": oracleRungs = false; break;
                case "--pitch":
                    pitch = Next() switch
                    {
                        "noisy" => PitchSource.Noisy,
                        "clean" => PitchSource.Clean,
                        var v => throw new CliException(ExitCode.Usage, $"--pitch is noisy or clean, not {v}"),
                    };
                    break;
                case "--help" or "-h":
                    Console.WriteLine("usage: percepnet oracle --clean CLEAN.wav --noisy NOISY.wav --out DIR [--json] [--pitch noisy|clean]\n       percepnet oracle --dev-ladder DATA_DIR [--extra DIR]... [--split dev|heldout] [--snrs LIST] [--mixtures N] [--all-licences] [--model light|full|FILE] [--pitch noisy|clean] [--no-oracle] [--write DIR]");
                    return 0;
                default: throw new CliException(ExitCode.Usage, $"unknown option {args[i]}");
            }
        }
        if (devData != null)
        {
            var model = modelPath == null ? null : Denoise.ModelLoader.Load(modelPath);   // light, full or a file, as denoise takes them
            List<DevLadder.Summary> summary;
            try { summary = DevLadder.Run(devData, mixtures, snrs, !allLicences, Console.Error, model, writeDir, pitch, split, extras, oracleRungs); }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or InvalidDataException)
            {
                throw new CliException(ExitCode.InputError, e.Message);   // no data folder or a broken manifest
            }
            if (pitch == PitchSource.Clean) Console.WriteLine("Comb rungs driven by the clean speech's own pitch track (--pitch clean); model rows by the noisy input's.\n");
            Console.WriteLine(DevLadder.ToMarkdown(summary));
            if (model != null)
            {
                Console.WriteLine();
                var clips = CleanSpeechCheck.DevClips(devData, !allLicences, Console.Error);
                Console.WriteLine(CleanSpeechCheck.ToMarkdown(CleanSpeechCheck.Run(clips, model)));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"The same clips low-passed at {CleanSpeechCheck.NarrowbandEdgeHz} Hz (a 16 kHz recording at 48 kHz):\n"));
                Console.WriteLine(CleanSpeechCheck.ToMarkdown(CleanSpeechCheck.Run(clips, model, CleanSpeechCheck.NarrowbandEdgeHz)));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"The same clips after 1 s of faint white noise ({CleanSpeechCheck.RoomToneDbfs} dBFS), a recording that starts on room tone:\n"));
                Console.WriteLine(CleanSpeechCheck.ToMarkdown(CleanSpeechCheck.Run(clips, model, roomToneLeadIn: true)));
            }
            return 0;
        }
        if (clean == null || noisy == null || outDir == null)
            throw new CliException(ExitCode.Usage, "usage: percepnet oracle --clean CLEAN.wav --noisy NOISY.wav --out DIR [--json] [--pitch noisy|clean]");

        var c = To48k(MonoAudio.Load(clean));
        var n = To48k(MonoAudio.Load(noisy));
        int len = Math.Min(c.Length, n.Length);
        if (c.Length != n.Length) Console.Error.WriteLine($"warning: clean and noisy differ in length; using the first {len} samples");
        c = c[..len]; n = n[..len];

        Directory.CreateDirectory(outDir);
        var rows = new List<LadderRow> { LadderRow.Measure("noisy", c, n) };
        foreach (var rung in Enum.GetValues<OracleRung>())
        {
            var y = OracleLadder.Enhance(c, n, rung, pitch);
            string name = RungName(rung);
            WriteWav(Path.Combine(outDir, name + ".wav"), y);
            rows.Add(LadderRow.Measure(name, c, y));
        }

        if (json)
        {
            var arr = new JsonArray(rows.Select(r => (JsonNode)r.ToJson()).ToArray());
            Console.WriteLine(arr.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }
        else
        {
            Console.WriteLine($"{"rung",-24} {"SI-SDR dB",10} {"ESTOI",8} {"segSNR dB",10}");
            foreach (var r in rows)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Name,-24} {r.SiSdr,10:F2} {r.Estoi,8:F3} {r.SegSnr,10:F2}"));
        }
        return 0;
    }

    public static string RungName(OracleRung rung) => rung switch
    {
        OracleRung.BinMagnitude => "bin-magnitude",
        OracleRung.BandGain => "band-gain",
        OracleRung.BandComb => "band-comb",
        _ => "band-comb-postfilter",
    };

    private static float[] To48k(MonoAudio a) =>
        a.SampleRate == Rate ? a.Samples : WholeSignalResampler.Resample(a.Samples, a.SampleRate, Rate);

    internal static void WriteWav(string path, float[] samples) =>
        new AtomicFileWriter().Write(path, overwrite: true, stream =>
        {
            var w = new WavWriter(stream, new AudioFormat(Rate, 1, SampleEncoding.Float32));
            w.Write(samples);
            w.Complete();
            return 0;
        });
}
