using System.Globalization;
using System.Text;
using PercepNet.Cli.Dataset;
using PercepNet.Engine;
using PercepNet.Engine.Processing;
using PercepNet.Engine.Inference;
using PercepNet.Engine.Metrics;
using PercepNet.Engine.Oracle;

namespace PercepNet.Cli.Oracle;

/// <summary>
/// The oracle ladder over many real dev-split mixtures (issue 3): each dev speech clip with a dev
/// noise recording at exactly 0, 5 and 10 dB SNR (no reverberation, so the clean clip is the target);
/// per rung the mean SI-SDR, ESTOI, segmental SNR and the residual level in non-speech frames.
/// With the `heldout` selection (issue 18) the noise is every recording of a kind training never heard
/// (<see cref="NoiseKinds.HeldOut"/>), taken kind by kind in turn, and the speech is spread over the dev
/// corpora (shared dev speakers, extra roots' dev speakers such as the Callie prompts) the same way.
/// </summary>
public static class DevLadder
{
    public sealed record Summary(double Snr, string Rung, double SiSdr, double Estoi, double SegSnr, double NonSpeechDb, int Count);

    /// <param name="writeDir">When set, writes every mixture's clean, noisy and per-rung output as 48 kHz
    /// WAVs under DIR/&lt;snr&gt;dB/&lt;rung&gt;/mNN.wav, for `percepnet evaluate` (DNSMOS).</param>
    /// <param name="pitch">Whose pitch drives the oracle rungs' comb filter; the model rows always run
    /// the engine as it ships (the noisy input's pitch).</param>
    /// <param name="oracleRungs">False: only the noisy row and the model rows (the generalization table scores
    /// the written mixtures with `percepnet denoise` and the baselines instead).</param>
    public static List<Summary> Run(string dataRoot, int mixturesPerSnr, double[] snrs, bool permissiveOnly, TextWriter log, PercepNetModel? model = null, string? writeDir = null, PitchSource pitch = PitchSource.Noisy,
        string split = "dev", IReadOnlyList<string>? extraRoots = null, bool oracleRungs = true, string? cacheDir = null)
    {
        var files = DataManifest.Load(dataRoot, extraRoots ?? []);
        var cache = new AudioCache(dataRoot, cacheDir ?? AudioCache.DefaultCacheDir, log);
        var pool = SourcePool.Load(files, split, permissiveOnly, cache);
        if (pool.Speech.Count == 0 || pool.Noise.Count == 0) throw new CliException(ExitCode.InputError, $"no {split} speech or noise in the data folder");
        bool heldOut = split == "heldout";
        var speechStrata = SourcePool.Strata(pool.Speech, SourcePool.Corpus);
        var noiseStrata = SourcePool.Strata(pool.Noise, s => NoiseKinds.Of(s.File.Group));
        if (heldOut && writeDir != null) WriteNoiseOnly(pool, Path.Combine(writeDir, "noise-only"));
        var rungList = oracleRungs ? Enum.GetValues<OracleRung>() : [];
        var oracleNames = new[] { "noisy" }.Concat(rungList.Select(OracleCommand.RungName)).ToList();
        int modelRows = model == null ? 0 : SpeechEnhancer.MaxLookahead + 1;
        var rungs = oracleNames.Concat(Enumerable.Range(0, modelRows).Select(l => $"model, lookahead {l}")).ToArray();
        var results = new List<Summary>();
        // Mixture m's speech and noise, the same at every SNR.
        (Source Speech, Source Noise) Sources(int m) =>
            (heldOut ? Pick(speechStrata, m) : pool.Speech[m % pool.Speech.Count],
             heldOut ? Pick(noiseStrata, m) : pool.Noise[m % pool.Noise.Count]);
        if (writeDir != null) WriteMixtureList(Path.Combine(writeDir, "mixtures.tsv"), mixturesPerSnr, Sources);
        foreach (double snr in snrs)
        {
            var acc = new double[rungs.Length, 4];
            var rows = new LadderRow[mixturesPerSnr][];
            var nonSpeech = new double[mixturesPerSnr][];
            Parallel.For(0, mixturesPerSnr, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, m =>
            {
                var (speechSource, noiseSource) = Sources(m);
                var speech = speechSource.Samples;
                var noiseSrc = noiseSource.Samples;
                var rng = new Random(m * 31 + (int)snr);
                var noise = Augmentation.Loop(noiseSrc, rng.Next(noiseSrc.Length), speech.Length);
                double k = Augmentation.Rms(speech) / Math.Max(1e-9, Augmentation.Rms(noise)) * Math.Pow(10, -snr / 20);
                var noisy = new float[speech.Length];
                for (int i = 0; i < noisy.Length; i++) noisy[i] = speech[i] + (float)(k * noise[i]);
                var quiet = QuietFrames(speech);
                void Save(string rung, float[] y)
                {
                    if (writeDir == null) return;
                    string dir = Path.Combine(writeDir, string.Create(CultureInfo.InvariantCulture, $"{snr:F0}dB"), rung.Replace(", ", "-").Replace(' ', '-'));
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
                foreach (var rung in rungList)
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

    /// <summary>
    /// Which speech clip and noise recording made mixture mNN (the same at every SNR: only the noise excerpt's
    /// offset depends on the SNR), so a table can be cut by recording afterwards, e.g. into the recordings a
    /// shipped model never heard in training (training/compare_generalization.sh).
    /// </summary>
    private static void WriteMixtureList(string path, int mixtures, Func<int, (Source Speech, Source Noise)> sources)
    {
        var text = new StringBuilder("mixture\tspeech\tnoise\tnoise_group\tnoise_kind\n");
        for (int m = 0; m < mixtures; m++)
        {
            var (speech, noise) = sources(m);
            text.Append(CultureInfo.InvariantCulture, $"m{m:D2}\t{speech.File.Path}\t{noise.File.Path}\t{noise.File.Group}\t{NoiseKinds.Of(noise.File.Group)}\n");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.ToString());
    }

    /// <summary>Mixture m's source: the strata in turn, and within one a stride that spreads over all of it.</summary>
    private static Source Pick(Source[][] strata, int m)
    {
        var stratum = strata[m % strata.Length];
        return stratum[(int)((long)(m / strata.Length) * 7919 % stratum.Length)];
    }

    /// <summary>Length of each recording's excerpt in the noise-only check, seconds.</summary>
    private const int NoiseOnlySeconds = 8;

    /// <summary>
    /// The harmonic-non-speech check's input (issue 18): 8 s of every held-out animal, music and machine
    /// recording alone, at −30 dBFS RMS. A suppressor should take most of it away; what it passes is sound it
    /// mistakes for voice.
    /// </summary>
    private static void WriteNoiseOnly(SourcePool pool, string dir)
    {
        foreach (var src in pool.Noise.Where(s => NoiseKinds.HeldOut.Contains(NoiseKinds.Of(s.File.Group))))
        {
            var x = Augmentation.Loop(src.Samples, src.Samples.Length / 3, NoiseOnlySeconds * 48000);
            Augmentation.Scale(x, Math.Pow(10, -30 / 20.0) / Math.Max(1e-9, Augmentation.Rms(x)));
            Directory.CreateDirectory(dir);
            OracleCommand.WriteWav(Path.Combine(dir, $"{NoiseKinds.Of(src.File.Group)}-{Path.GetFileNameWithoutExtension(src.File.Path)}.wav"), x);
        }
    }

    /// <summary>The streaming engine over a whole signal, its latency removed (same length, aligned).</summary>
    public static float[] EnhanceWithModel(PercepNetModel model, float[] x, int lookahead, double attenuationLimitDb = SpeechEnhancer.MaxAttenuationDb, float postFilter = 1)
    {
        var e = new HopAdapter(new SpeechEnhancer(model, lookahead) { AttenuationLimitDb = attenuationLimitDb, PostFilterAmount = postFilter });
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

    /// <summary>20 ms frames where the clean speech is more than 40 dB below its loudest frame (the pauses of
    /// <c>percepnet evaluate</c>'s error split).</summary>
    private static bool[] QuietFrames(float[] clean) => SpeechPauseError.PauseFrames(clean, 48000);

    private static double FrameEnergy(float[] x, bool[] quiet)
    {
        double s = 0;
        for (int f = 0; f < quiet.Length; f++)
            if (quiet[f]) s += CleanSpeechCheck.Energy(x, f * 960, (f + 1) * 960);
        return s;
    }
}
