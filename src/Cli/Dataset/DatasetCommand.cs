using System.Globalization;
using System.Runtime;
using System.Text.Json;
using System.Text.Json.Nodes;
using PercepNet.Engine.Dsp;

namespace PercepNet.Cli.Dataset;

/// <summary>
/// `percepnet dataset --data DIR [--extra DIR]... --split train|dev|heldout --hours H --out DIR [--seed N]
/// [--licence permissive|all] [--mixture-seconds S] [--cache DIR] [--classic] [--clicks-share 0..0.12] [--exclude-noise LIST] [--train-noise LIST]`: mixes
/// training data and dumps features and targets computed by the engine itself (issue 4), in shards of whole mixtures with
/// a manifest. `--exclude-noise` leaves out the noise recordings a list names (one manifest path a line, `#` comments),
/// e.g. `models/shipped-models-training-noise.txt` for a dev set that no shipped model heard (docs/generalization.md);
/// `--train-noise` (train only) keeps the recordings a list names in training even when their kind is held out, e.g.
/// the same list for a fine-tune that keeps all the real noise its starting point heard.
/// </summary>
public static class DatasetCommand
{
    private const int MixturesPerShard = 60;

    /// <summary>
    /// Every mixture allocates some twenty arrays of its length (speech, noise, reverb, augmentation, targets), all on
    /// the large-object heap, which only a full collection frees. With the wide speech root loaded (~7 GB live) the
    /// GC's budget for the next full collection grows with the heap, and a 4-hour mix reached 23 GB resident and was
    /// killed beside two trainers (docs/generalization.md, eighth session). One blocking, compacting collection per
    /// shard (60 mixtures, a few seconds of work against minutes of mixing) bounds the garbage to one shard's worth.
    /// </summary>
    private static void ReleaseShardGarbage()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    public static int Run(string[] args)
    {
        string? data = null, split = null, output = null, cacheDir = null, excludeNoise = null, trainNoise = null;
        double hours = 0;
        int seed = 1, seconds = 10;
        string licence = "permissive";
        var extras = new List<string>();
        bool classic = false;
        double clicksShare = 0;
        try
        {
            for (int i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                switch (args[i])
                {
                    case "--data": data = Next(); break;
                    case "--extra": extras.Add(Next()); break;
                    case "--classic": classic = true; break;
                    case "--clicks-share": clicksShare = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--split": split = Next(); break;
                    case "--hours": hours = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--out": output = Next(); break;
                    case "--seed": seed = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--licence": licence = Next(); break;
                    case "--mixture-seconds": seconds = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--cache": cacheDir = Next(); break;
                    case "--exclude-noise": excludeNoise = Next(); break;
                    case "--train-noise": trainNoise = Next(); break;
                    default: throw new ArgumentException($"unknown option {args[i]}");
                }
            }
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return Usage();
        }
        if (data == null || split == null || !SourcePool.Selections.Contains(split) || output == null || hours <= 0 || licence is not ("permissive" or "all") || seconds < 1 || clicksShare is < 0 or > 0.12)
            return Usage();
        if (trainNoise != null && split != "train")
        {
            Console.Error.WriteLine("error: --train-noise adds training noise; it takes --split train");
            return Usage();
        }

        List<DataFile> files;
        HashSet<string>? trainAlso = null;
        try
        {
            if (trainNoise != null) trainAlso = DataManifest.ReadPathList(trainNoise);
            files = DataManifest.Load(data, extras);
            if (excludeNoise != null)
            {
                var excluded = DataManifest.ReadPathList(excludeNoise);
                files = files.Where(f => f.Kind != "noise" || !excluded.Contains(f.Path)).ToList();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return (int)ExitCode.InputError;
        }
        var cache = new AudioCache(data, cacheDir ?? AudioCache.DefaultCacheDir, Console.Error);
        var pool = SourcePool.Load(files, split, licence == "permissive", cache, trainAlso);
        Console.Error.WriteLine($"{split}/{licence}: {pool.Speech.Count} speech, {pool.NarrowbandSpeech.Count} narrowband speech, {pool.Noise.Count} noise, {pool.Instruments.Count} instrument renders, {pool.RoomResponses.Count} room responses");
        if (pool.Speech.Count == 0) { Console.Error.WriteLine("error: no usable speech in the selection"); return (int)ExitCode.InputError; }

        try { Directory.CreateDirectory(output); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: cannot create {output}: {e.Message}");
            return (int)ExitCode.OutputError;
        }
        var generator = new MixtureGenerator(pool, seconds) { RecordedNoiseOnly = split != "train", Classic = classic, ClicksShare = clicksShare };
        int mixtures = Math.Max(1, (int)Math.Ceiling(hours * 3600 / seconds));
        int framesPerMixture = seconds * 48000 / FrameAnalyzer.HopSize;
        var shards = new JsonArray();
        var descriptions = new string[mixtures];
        for (int shard = 0, first = 0; first < mixtures; shard++, first += MixturesPerShard)
        {
            int count = Math.Min(MixturesPerShard, mixtures - first);
            var records = new float[(long)count * framesPerMixture * MixtureLabeler.RecordFloats];
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
                () => new MixtureLabeler(),
                (m, _, labeler) =>
                {
                    var mix = generator.Generate(seed, first + m);
                    descriptions[first + m] = mix.Description;
                    labeler.Label(mix.Noisy, mix.Target, mix.BandEdgeHz,
                        records.AsSpan(m * framesPerMixture * MixtureLabeler.RecordFloats, framesPerMixture * MixtureLabeler.RecordFloats), mix.Narrowband);
                    return labeler;
                }, _ => { });
            string name = $"shard-{shard:D5}.pnds";
            ShardWriter.Write(Path.Combine(output, name), records, count * framesPerMixture, FeatureExtractor.Count, ErbBands.Count);
            // JsonNode, not JsonObject: the generic Add<T> is not NativeAOT-safe (the GPU pack runs this AOT-compiled).
            shards.Add((JsonNode)new JsonObject
            {
                ["file"] = name,
                ["frames"] = count * framesPerMixture,
                ["segments"] = new JsonArray(Enumerable.Range(0, count).Select(k => (JsonNode)(k * framesPerMixture)).ToArray()),
            });
            Console.Error.WriteLine($"  {name}: mixtures {first}..{first + count - 1}");
            ReleaseShardGarbage();
        }

        var manifest = new JsonObject
        {
            ["version"] = 1,
            ["generator"] = MixtureGenerator.Revision,
            ["classic"] = classic,
            ["clicksShare"] = clicksShare,
            ["trainNoiseList"] = trainNoise == null ? null : Path.GetFullPath(trainNoise),
            ["split"] = split,
            ["licence"] = licence,
            ["seed"] = seed,
            ["hours"] = hours,
            ["mixtureSeconds"] = seconds,
            ["featureCount"] = FeatureExtractor.Count,
            ["bandCount"] = ErbBands.Count,
            ["recordFloats"] = MixtureLabeler.RecordFloats,
            ["shards"] = shards,
            ["sources"] = new JsonObject
            {
                ["speech"] = new JsonArray(pool.Speech.Select(s => (JsonNode)s.File.Path).ToArray()),
                ["narrowbandSpeech"] = pool.NarrowbandSpeech.Count,
                ["noise"] = new JsonArray(pool.Noise.Select(s => (JsonNode)s.File.Path).ToArray()),
                ["instruments"] = pool.Instruments.Count,
                ["extraRoots"] = new JsonArray(extras.Select(e => (JsonNode)Path.GetFullPath(e)).ToArray()),
                ["rir"] = new JsonArray(pool.RoomResponses.Select(s => (JsonNode)s.File.Path).ToArray()),
                ["licences"] = new JsonArray(pool.Speech.Concat(pool.NarrowbandSpeech).Concat(pool.Noise).Concat(pool.Instruments).Concat(pool.RoomResponses).Select(s => s.File.Licence).Distinct().Order().Select(l => (JsonNode)l).ToArray()),
            },
            ["mixtures"] = new JsonArray(descriptions.Select(d => (JsonNode)d).ToArray()),
        };
        string manifestPath = Path.Combine(output, "manifest.json");
        File.WriteAllText(manifestPath + ".tmp", manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        File.Move(manifestPath + ".tmp", manifestPath, overwrite: true);
        Console.Error.WriteLine($"wrote {mixtures} mixtures ({mixtures * seconds / 3600.0:F2} h) to {output}");
        return 0;
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: percepnet dataset --data DIR [--extra DIR]... --split train|dev|heldout --hours H --out DIR [--seed N] [--licence permissive|all] [--mixture-seconds S] [--cache DIR] [--classic] [--clicks-share 0..0.12] [--exclude-noise LIST] [--train-noise LIST]");
        return (int)ExitCode.Usage;
    }
}
