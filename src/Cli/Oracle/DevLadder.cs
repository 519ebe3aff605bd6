using System.Globalization;
using System.Text;
using PercepNet.Cli.Dataset;
using PercepNet.Engine;
using PercepNet.Engine.Inference;
using PercepNet.Engine.Oracle;

namespace PercepNet.Cli.Oracle;

/// <summary>
/// The oracle ladder over many real dev-split mixtures (issue 3): each dev speech clip with a dev
/// noise recording at exactly 0, 5 and 10 dB SNR (no reverberation, so the clean clip is the target);
/// per rung the mean SI-SDR, ESTOI, segmental SNR and the residual level in non-speech frames.
/// </summary>
public static class DevLadder
{
    public sealed record Summary(double Snr, string Rung, double SiSdr, double Estoi, double SegSnr, double NonSpeechDb, int Count);

    /// <param name="writeDir">When set, writes every mixture's clean, noisy and per-rung output as 48 kHz
    /// WAVs under DIR/&lt;snr&gt;dB/&lt;rung&gt;/mNN.wav, for `percepnet evaluate` (DNSMOS).</param>
    /// <param name="pitch">Whose pitch drives the oracle rungs' comb filter; the model rows always run
    /// the engine as it ships (the noisy input's pitch).</param>
    public static List<Summary> Run(string dataRoot, int mixturesPerSnr, double[] snrs, bool permissiveOnly, TextWriter log, PercepNetModel? model = null, string? writeDir = null, PitchSource pitch = PitchSource.Noisy)
    {
        var files = DataManifest.Load(dataRoot);
        var cache = new AudioCache(dataRoot, AudioCache.DefaultCacheDir, log);
        var pool = SourcePool.Load(files, "dev", permissiveOnly, cache);
        if (pool.Speech.Count == 0 || pool.Noise.Count == 0) throw new CliException(ExitCode.InputError, "no dev speech or noise in the data folder");
        var oracleRungs = new[] { "noisy" }.Concat(Enum.GetValues<OracleRung>().Select(OracleCommand.RungName)).ToList();
        int modelRows = model == null ? 0 : SpeechEnhancer.MaxLookahead + 1;
        var rungs = oracleRungs.Concat(Enumerable.Range(0, modelRows).Select(l => $"model, lookahead {l}")).ToArray();
        var results = new List<Summary>();
        foreach (double snr in snrs)
        {
            var acc = new double[rungs.Length, 4];
            var rows = new LadderRow[mixturesPerSnr][];
            var nonSpeech = new double[mixturesPerSnr][];
            Parallel.For(0, mixturesPerSnr, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, m =>
            {
                var speech = pool.Speech[m % pool.Speech.Count].Samples;
                var noiseSrc = pool.Noise[m % pool.Noise.Count].Samples;
                var rng = new Random(m * 31 + (int)snr);
                var noise = Augmentation.Loop(noiseSrc, rng.Next(noiseSrc.Length), speech.Length);
                double k = Augmentation.Rms(speech) / Math.Max(1e-9, Augmentation.Rms(noise)) * Math.Pow(10, -snr / 20);
                var noisy = new float[speech.Length];
                for (int i = 0; i < noisy.Length; i++) noisy[i] = speech[i] + (float)(k * noise[i]);
                var quiet = QuietFrames(speech);
                void Save(string rung, float[] y)
                {
                    if (writeDir == null) return;
                    string dir = Path.Combine(writeDir, $"{snr:F0}dB", rung.Replace(", ", "-").Replace(' ', '-'));
                    Directory.CreateDirectory(dir);
                    OracleCommand.WriteWav(Path.Combine(dir, $"m{m:D2}.wav"), y);
                }
                Save("clean", speech);
                Save("noisy", noisy);
                var r = new LadderRow[rungs.Length];
                var ns = new double[rungs.Length];
                r[0] = LadderRow.Measure("noisy", speech, noisy);
                ns[0] = 0;
                double noisyQuiet = FrameEnergy(noisy, quiet);
                int idx = 1;
                foreach (var rung in Enum.GetValues<OracleRung>())
                {
                    var y = OracleLadder.Enhance(speech, noisy, rung, pitch);
                    Save(rungs[idx], y);
                    r[idx] = LadderRow.Measure(rungs[idx], speech, y);
                    ns[idx] = 10 * Math.Log10((FrameEnergy(y, quiet) + 1e-20) / (noisyQuiet + 1e-20));
                    idx++;
                }
                for (int l = 0; l < modelRows; l++, idx++)
                {
                    var y = EnhanceWithModel(model!, noisy, l);
                    Save(rungs[idx], y);
                    r[idx] = LadderRow.Measure(rungs[idx], speech, y);
                    ns[idx] = 10 * Math.Log10((FrameEnergy(y, quiet) + 1e-20) / (noisyQuiet + 1e-20));
                }
                rows[m] = r; nonSpeech[m] = ns;
            });
            for (int i = 0; i < rungs.Length; i++)
            {
                results.Add(new Summary(snr, rungs[i],
                    rows.Average(r => r[i].SiSdr), rows.Average(r => r[i].Estoi), rows.Average(r => r[i].SegSnr),
                    nonSpeech.Average(n => n[i]), mixturesPerSnr));
            }
            log.WriteLine($"ladder at {snr} dB done");
        }
        return results;
    }

    /// <summary>The streaming engine over a whole signal, its latency removed (same length, aligned).</summary>
    public static float[] EnhanceWithModel(PercepNetModel model, float[] x, int lookahead, float strength = 1, float postFilter = 1)
    {
        var e = new SpeechEnhancer(model, lookahead) { Strength = strength, PostFilterAmount = postFilter };
        int latency = e.LatencySamples;
        var input = new float[x.Length + latency];
        x.CopyTo(input, 0);
        var output = new float[input.Length];
        e.Process(input, output);
        return output.AsSpan(latency, x.Length).ToArray();
    }

    public static string ToMarkdown(List<Summary> results)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| SNR | rung | SI-SDR dB | ESTOI | segSNR dB | non-speech residual dB | mixtures |");
        sb.AppendLine("|---|---|---:|---:|---:|---:|---:|");
        foreach (var s in results)
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {s.Snr:F0} dB | {s.Rung} | {s.SiSdr:F2} | {s.Estoi:F3} | {s.SegSnr:F2} | {s.NonSpeechDb:F1} | {s.Count} |"));
        return sb.ToString();
    }

    /// <summary>20 ms frames where the clean speech is more than 40 dB below its loudest frame.</summary>
    private static bool[] QuietFrames(float[] clean)
    {
        const int frame = 960;
        int frames = clean.Length / frame;
        var e = new double[frames];
        for (int f = 0; f < frames; f++) e[f] = CleanSpeechCheck.Energy(clean, f * frame, (f + 1) * frame);
        double max = e.DefaultIfEmpty(0).Max();
        return e.Select(v => v < max * 1e-4).ToArray();
    }

    private static double FrameEnergy(float[] x, bool[] quiet)
    {
        double s = 0;
        for (int f = 0; f < quiet.Length; f++)
            if (quiet[f]) s += CleanSpeechCheck.Energy(x, f * 960, (f + 1) * 960);
        return s;
    }
}
