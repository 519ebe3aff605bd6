using System.Globalization;
using System.Text.Json.Nodes;
using PercepNet.Cli;

namespace PercepNet.Tests.Dataset;

/// <summary>`percepnet dataset` end to end (issue 4), run as a child process on a tiny data root.</summary>
[Collection(FakeDataRoot.Collection)]
public sealed class DatasetCommandTests(FakeDataRoot data)
{
    private static string[] Strings(JsonNode? array) => array!.AsArray().Select(n => (string)n!).ToArray();

    private double FakeBandEdge(string fileName) =>
        fileName == Path.GetFileName(data.SpeechCv) ? data.CvBandEdgeHz
        : new[] { data.SpeechNc, data.Speech48k }.Any(p => Path.GetFileName(p) == fileName) ? 24000
        : fileName == Path.GetFileName(data.Speech16k) ? 8000   // narrowband speech (mixer revision 8)
        : throw new InvalidOperationException($"mixture uses speech {fileName}, not a usable train file");

    [SharedDataFact]
    public void Shards_and_manifest_follow_the_documented_format()
    {
        // 61 one-second mixtures: 60 fill the first shard, so the second holds the 61st.
        var run = DatasetRun.Start(data.Root, data.NewDir("out"), data.NewDir("cache"), mixtures: 61, seed: 3);
        Assert.True(run.ExitCode == 0, run.Log);
        var m = run.Manifest;
        Assert.Equal(1, (int)m["version"]!);
        Assert.Equal("train", (string)m["split"]!);
        Assert.Equal(3, (int)m["seed"]!);
        Assert.Equal(70, (int)m["featureCount"]!);
        Assert.Equal(34, (int)m["bandCount"]!);
        Assert.Equal(DatasetRun.RecordFloats, (int)m["recordFloats"]!);
        Assert.InRange((double)m["hours"]!, 60.0 / 3600, 61.0 / 3600);
        var descriptions = Strings(m["mixtures"]);
        Assert.Equal(61, descriptions.Length);
        Assert.Empty(Directory.GetFiles(run.OutDir, "*.tmp"));

        const int framesPerMixture = 100;   // 1 s = 100 hops of 480 samples at 48 kHz
        var shards = run.Shards();
        Assert.Equal(["shard-00000.pnds", "shard-00001.pnds"], shards.Select(s => (string)s.Entry["file"]!));
        Assert.Equal(shards.Count, Directory.GetFiles(run.OutDir, "*.pnds").Length);
        int mixture = 0, maskedMixtures = 0;
        foreach (var (entry, shard) in shards)
        {
            Assert.Equal(1u, shard.Version);
            Assert.Equal(70, shard.FeatureCount);
            Assert.Equal(34, shard.BandCount);
            Assert.Equal((int)entry["frames"]!, shard.Frames);
            // Whole mixtures, back to back: segment k starts k mixtures in, and the last one ends the shard.
            var segments = entry["segments"]!.AsArray().Select(n => (int)n!).ToArray();
            Assert.Equal(Enumerable.Range(0, segments.Length).Select(k => k * framesPerMixture), segments);
            Assert.Equal(segments.Length * framesPerMixture, shard.Frames);
            Records.AssertWellFormed(shard.Records, 0, shard.Frames, (string)entry["file"]!);
            foreach (int start in segments)
            {
                Records.AssertMaskMatchesSources(shard.Records, start, framesPerMixture, descriptions[mixture], FakeBandEdge);
                if (Records.Weights(shard.Records, start)[33] != 1f) maskedMixtures++;
                mixture++;
            }
        }
        Assert.Equal(61, mixture);
        // Both kinds occur (the band-limited clip is one of three speech files), so the mask check judged both.
        Assert.InRange(maskedMixtures, 1, 60);
    }

    [SharedDataFact]
    public void Same_seed_gives_byte_identical_output_across_runs_and_another_seed_differs()
    {
        string cache = data.NewDir("cache");
        // The first run decodes into a cold cache, the second reads it back: the output must not care.
        var a = DatasetRun.Start(data.Root, data.NewDir("out"), cache, mixtures: 8, seed: 11);
        var b = DatasetRun.Start(data.Root, data.NewDir("out"), cache, mixtures: 8, seed: 11);
        var c = DatasetRun.Start(data.Root, data.NewDir("out"), cache, mixtures: 8, seed: 12);
        foreach (var r in new[] { a, b, c }) Assert.True(r.ExitCode == 0, r.Log);
        foreach (var name in new[] { "manifest.json", "shard-00000.pnds" })
            Assert.True(File.ReadAllBytes(Path.Combine(a.OutDir, name)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(b.OutDir, name))),
                $"{name} differs between two runs with seed 11");
        Assert.NotEqual(Strings(a.Manifest["mixtures"]), Strings(c.Manifest["mixtures"]));
        Assert.False(File.ReadAllBytes(Path.Combine(a.OutDir, "shard-00000.pnds")).AsSpan()
            .SequenceEqual(File.ReadAllBytes(Path.Combine(c.OutDir, "shard-00000.pnds"))), "seeds 11 and 12 wrote the same shard");
    }

    [SharedDataFact]
    public void Missing_corrupt_and_empty_files_are_named_skipped_and_the_rest_is_used()
    {
        var run = DatasetRun.Start(data.Root, data.NewDir("out"), data.NewDir("cache"), mixtures: 4);
        Assert.True(run.ExitCode == 0, run.Log);
        var warnings = run.Log.Split('\n').Where(l => l.StartsWith("warning:", StringComparison.Ordinal)).ToList();
        foreach (var bad in new[] { data.MissingSpeech, data.CorruptNoise, data.EmptySpeech })
            Assert.Contains(warnings, w => w.Contains(bad, StringComparison.Ordinal) && w.Contains("skipped", StringComparison.Ordinal));
        Assert.Equal(3, warnings.Count);

        // The remaining usable files are all used; dev speech is left out by design (16 kHz noise is in since revision 4,
        // 16 kHz speech as narrowband speech since revision 8).
        var sources = run.Manifest["sources"]!;
        Assert.Equal(data.UsableTrainSpeech(permissiveOnly: false).Order(), Strings(sources["speech"]).Order());
        Assert.Equal(1, (int)sources["narrowbandSpeech"]!);
        Assert.Equal(data.UsableTrainNoise.Order(), Strings(sources["noise"]).Order());
        Assert.Equal([data.Rir], Strings(sources["rir"]));
        var shard = Shard.Read(Path.Combine(run.OutDir, "shard-00000.pnds"));
        Assert.Equal(4 * 100, shard.Frames);
        Records.AssertWellFormed(shard.Records, 0, shard.Frames, "shard-00000");
    }

    /// <summary>A root whose every speech file is missing or corrupt (noise is fine).</summary>
    private string RootWithoutUsableSpeech()
    {
        string root = data.NewDir("nospeech");
        Directory.CreateDirectory(Path.Combine(root, "speech"));
        Directory.CreateDirectory(Path.Combine(root, "noise"));
        File.WriteAllBytes(Path.Combine(root, "speech", "corrupt.wav"), "RIFF\x10\0\0\0WAVEjunkjunk"u8.ToArray());
        File.Copy(Path.Combine(data.Root, data.NoisePink48k), Path.Combine(root, "noise", "pink.flac"));
        File.WriteAllLines(Path.Combine(root, "MANIFEST.tsv"),
        [
            "file\tkind\tsample_rate\tseconds\tsource_repo\tsource_path\tlicence\tsplit\tgroup",
            "speech/gone.flac\tspeech\t48000\t2.0\tt\tt\tCC0 1.0\ttrain\ta",
            "speech/corrupt.wav\tspeech\t48000\t2.0\tt\tt\tCC0 1.0\ttrain\tb",
            "noise/pink.flac\tnoise\t48000\t3.0\tt\tt\tCC0 1.0\ttrain\tpink",
        ]);
        return root;
    }

    [Fact]
    public void Nothing_usable_left_stops_with_a_clear_error_and_writes_nothing()
    {
        string output = Path.Combine(data.NewDir("out"), "ds");
        var run = DatasetRun.Start(RootWithoutUsableSpeech(), output, data.NewDir("cache"), mixtures: 2);
        Assert.NotEqual(0, run.ExitCode);
        Assert.NotEqual((int)ExitCode.InternalError, run.ExitCode);
        Assert.NotEqual((int)ExitCode.Usage, run.ExitCode);
        Assert.Contains("error: no usable speech", run.Log);
        Assert.Contains("speech/gone.flac", run.Log);
        Assert.Contains("speech/corrupt.wav", run.Log);
        Assert.False(Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any(), "wrote output without speech");
    }

    [SharedDataFact]
    public void Excluded_noise_recordings_never_reach_the_set()
    {
        // A dev set no shipped model heard: models/shipped-models-training-noise.txt names the recordings to leave out.
        string list = Path.Combine(data.NewDir("list"), "heard.txt");
        File.WriteAllLines(list, ["# recordings a model trained on", data.NoiseRain44k, "", "noise/not_in_this_root.flac"]);
        var run = DatasetRun.Start(data.Root, data.NewDir("out"), data.NewDir("cache"), mixtures: 3, extraArgs: ["--exclude-noise", list]);
        Assert.True(run.ExitCode == 0, run.Log);
        var noise = Strings(run.Manifest["sources"]!["noise"]);
        Assert.DoesNotContain(data.NoiseRain44k, noise);
        Assert.Contains(data.NoisePink48k, noise);
        Assert.All(Strings(run.Manifest["mixtures"]), d => Assert.DoesNotContain(Path.GetFileName(data.NoiseRain44k), d));

        var missing = DatasetRun.Start(data.Root, data.NewDir("out"), data.NewDir("cache"), mixtures: 1,
            extraArgs: ["--exclude-noise", Path.Combine(data.Temp, "no-such-list.txt")]);
        Assert.Equal((int)ExitCode.InputError, missing.ExitCode);
        Assert.Contains("no-such-list.txt", missing.Log);
    }

    [Fact]
    public void Training_noise_list_is_refused_outside_the_training_split()
    {
        // A dev set must never be widened by the list a fine-tune trains on (docs/generalization.md).
        string list = Path.Combine(data.NewDir("list"), "heard.txt");
        File.WriteAllLines(list, [data.NoiseRain44k]);
        var run = DatasetRun.Start(data.Root, data.NewDir("out"), data.NewDir("cache"), mixtures: 1, split: "heldout", extraArgs: ["--train-noise", list]);
        Assert.Equal((int)ExitCode.Usage, run.ExitCode);
        Assert.Contains("--train-noise", run.Log);
    }

    [Fact]
    public void Unusable_input_exits_with_the_input_error_code()
    {
        var noManifest = DatasetRun.Start(data.NewDir("empty"), data.NewDir("out"), data.NewDir("cache"), mixtures: 1);
        Assert.Equal((int)ExitCode.InputError, noManifest.ExitCode);
        Assert.Contains("MANIFEST.tsv", noManifest.Log);
        var noSpeech = DatasetRun.Start(RootWithoutUsableSpeech(), data.NewDir("out"), data.NewDir("cache"), mixtures: 1);
        Assert.Equal((int)ExitCode.InputError, noSpeech.ExitCode);
    }

    [SharedDataFact]
    public void Real_dev_split_permissive_uses_only_allowed_files_and_masks_each_clips_band()
    {
        // The one test on the real shared/data: two mixtures of the dev split, decoded into a fresh cache.
        string real = SharedData.Root;
        var run = DatasetRun.Start(real, data.NewDir("out"), data.NewDir("cache"), mixtures: 2, seed: 5, split: "dev", licence: "permissive");
        Assert.True(run.ExitCode == 0, run.Log);
        Assert.DoesNotContain("warning", run.Log);

        // Permissive: no NonCommercial clause and a stated licence variant (shared/data/LICENSES.md).
        var rows = File.ReadLines(Path.Combine(real, "MANIFEST.tsv")).Skip(1).Select(l => l.Split('\t'))
            .Where(c => c[7] == "dev" && !c[6].Contains("NC") && !c[6].Contains("not stated")).ToList();
        var sources = run.Manifest["sources"]!;
        Assert.Equal(rows.Where(c => c[1] == "speech" && c[0].StartsWith("speech/commonvoice/")).Select(c => c[0]).Order(), Strings(sources["speech"]).Order());
        Assert.Equal(rows.Where(c => c[1] == "noise" && int.Parse(c[2], CultureInfo.InvariantCulture) >= 32000).Select(c => c[0]).Order(), Strings(sources["noise"]).Order());
        Assert.Equal(rows.Where(c => c[1] == "rir").Select(c => c[0]).Order(), Strings(sources["rir"]).Order());
        Assert.DoesNotContain(Strings(sources["licences"]), l => l.Contains("NC"));

        // Every dev speech clip here is Common Voice: its mask follows its own band_edge_hz, or the stored file's
        // Nyquist frequency where that is lower (clips.tsv measured the MP3 sources; the files are stored at 32 kHz).
        var cv = File.ReadLines(Path.Combine(real, "speech", "commonvoice", "clips.tsv")).Select(l => l.Split('\t')).ToList();
        int fileCol = Array.IndexOf(cv[0], "file"), edgeCol = Array.IndexOf(cv[0], "band_edge_hz");
        var nyquist = rows.ToDictionary(c => Path.GetFileName(c[0]), c => int.Parse(c[2], CultureInfo.InvariantCulture) / 2.0);
        var edges = cv.Skip(1).Where(c => nyquist.ContainsKey(Path.GetFileName(c[fileCol])))
            .ToDictionary(c => Path.GetFileName(c[fileCol]), c => Math.Min(nyquist[Path.GetFileName(c[fileCol])], double.Parse(c[edgeCol], CultureInfo.InvariantCulture)));
        var descriptions = Strings(run.Manifest["mixtures"]);
        var shard = Shard.Read(Path.Combine(run.OutDir, "shard-00000.pnds"));
        Assert.Equal(200, shard.Frames);
        Records.AssertWellFormed(shard.Records, 0, shard.Frames, "real dev shard");
        for (int k = 0; k < 2; k++) Records.AssertMaskMatchesSources(shard.Records, k * 100, 100, descriptions[k], f => edges[f]);
    }
}
