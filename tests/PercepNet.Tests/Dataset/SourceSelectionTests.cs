using System.Diagnostics;
using PercepNet.Cli.Dataset;
using PercepNet.Cli.Evaluate;
using PercepNet.Cli.Oracle;

namespace PercepNet.Tests.Dataset;

/// <summary>
/// Which recordings each selection takes (issue 18): held-out noise kinds never reach training, the generalization
/// selection takes them from every split, and an extra root (training/sources/) joins with its own band edges.
/// </summary>
public sealed class SourceSelectionTests : IDisposable
{
    private readonly string _temp = Path.Combine(Path.GetTempPath(), "percepnet-select-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string _shared, _extra;

    public SourceSelectionTests()
    {
        _shared = Path.Combine(_temp, "shared");
        _extra = Path.Combine(_temp, "extra");
        const string header = "file\tkind\tsample_rate\tseconds\tsource_repo\tsource_path\tlicence\tsplit\tgroup";
        Manifest(_shared, header,
            Row(_shared, "speech/a/train.wav", "speech", "train", "spk_a"),
            Row(_shared, "speech/a/dev.wav", "speech", "dev", "spk_b"),
            Row(_shared, "noise/rain.wav", "noise", "train", "rain"),
            Row(_shared, "noise/birds.wav", "noise", "train", "birds_ambience"),
            Row(_shared, "noise/trumpet.wav", "noise", "train", "music_trumpet"),
            Row(_shared, "noise/boat.wav", "noise", "train", "boat_engine_water"),
            Row(_shared, "noise/fire.wav", "noise", "dev", "fire_crackling"),
            Row(_shared, "noise/tap16k.wav", "noise", "dev", "running_tap_stationary", rate: 16000));
        Manifest(_extra, header + "\tband_edge_hz",
            Row(_extra, "speech/pool/x.wav", "speech", "train", "cv_x") + "\t13000",
            Row(_extra, "speech/pool/narrow.wav", "speech", "train", "cv_n") + "\t8000",
            Row(_extra, "speech/callie/y.wav", "speech", "dev", "callie") + "\t15000",
            Row(_extra, "noise/instruments/m.wav", "noise", "train", "instrument_melody") + "\t20000");
    }

    private SourcePool Pool(string split, IReadOnlySet<string>? trainAlso = null) =>
        SourcePool.Load(DataManifest.Load(_shared, [_extra]), split, permissiveOnly: true, new AudioCache(_shared, Path.Combine(_temp, "cache"), TextWriter.Null), trainAlso);

    private static string[] Paths(List<Source> s) => s.Select(x => x.File.Path).Order().ToArray();

    [Fact]
    public void Training_leaves_out_held_out_kinds_and_draws_instruments_apart()
    {
        var pool = Pool("train");
        Assert.Equal(["noise/rain.wav"], Paths(pool.Noise));
        Assert.Equal(["noise/instruments/m.wav"], Paths(pool.Instruments));
        Assert.Equal(["speech/a/train.wav", "speech/pool/x.wav"], Paths(pool.Speech));   // the 8 kHz clip is too narrow
        Assert.Equal(13000, pool.Speech.Single(s => s.File.Path == "speech/pool/x.wav").File.BandEdgeHz);
    }

    [Fact]
    public void Listed_recordings_of_held_out_kinds_join_training_and_only_training()
    {
        // A fine-tune keeps the held-out-kind recordings its starting point heard (models/shipped-models-training-noise.txt).
        var heard = new HashSet<string> { "noise/birds.wav", "noise/boat.wav", "noise/fire.wav" };
        // fire.wav is a dev-split recording: a list cannot move it into training.
        Assert.Equal(["noise/birds.wav", "noise/boat.wav", "noise/rain.wav"], Paths(Pool("train", heard).Noise));
        Assert.Equal(Paths(Pool("heldout").Noise), Paths(Pool("heldout", heard).Noise));
    }

    [Fact]
    public void Generalization_selection_takes_held_out_kinds_from_every_split_and_dev_speakers_of_every_root()
    {
        var pool = Pool("heldout");
        Assert.Equal(["noise/birds.wav", "noise/boat.wav", "noise/fire.wav", "noise/tap16k.wav", "noise/trumpet.wav"], Paths(pool.Noise));
        Assert.Empty(pool.Instruments);
        Assert.Equal(["speech/a/dev.wav", "speech/callie/y.wav"], Paths(pool.Speech));
    }

    [Fact]
    public void Dev_selection_is_the_model_cards_dev_ladder()
    {
        var pool = Pool("dev");
        Assert.Equal(["noise/fire.wav"], Paths(pool.Noise));   // dev recordings of at least 32 kHz, as before
    }

    [Fact]
    public void Extra_root_audio_is_decoded_from_its_own_root()
    {
        var pool = Pool("train");
        var fromExtra = pool.Speech.Single(s => s.File.Path == "speech/pool/x.wav");
        Assert.Equal(_extra, fromExtra.File.Root);
        Assert.InRange(fromExtra.Samples.Length, 47500, 48500);   // 1 s at 48 kHz
    }

    [Fact]
    public void Generalization_mixtures_are_listed_with_the_speech_and_noise_that_made_them()
    {
        string dir = Path.Combine(_temp, "ladder");
        DevLadder.Run(_shared, mixturesPerSnr: 4, snrs: [30], permissiveOnly: true, TextWriter.Null, writeDir: dir,
            split: "heldout", extraRoots: [_extra], oracleRungs: false, cacheDir: Path.Combine(_temp, "cache"));
        var rows = File.ReadAllLines(Path.Combine(dir, "mixtures.tsv")).Skip(1).Select(l => l.Split('\t')).ToArray();
        Assert.Equal(["m00", "m01", "m02", "m03"], rows.Select(r => r[0]));
        Assert.Equal(4, rows.Select(r => r[4]).Distinct().Count());   // animal, machine, music, other: the kinds in turn
        var pool = Pool("heldout");
        foreach (var r in rows)
        {
            var clean = MonoAudio.Load(Path.Combine(dir, "30dB", "clean", r[0] + ".wav")).Samples;
            var noisy = MonoAudio.Load(Path.Combine(dir, "30dB", "noisy", r[0] + ".wav")).Samples;
            Assert.Equal(pool.Speech.Single(s => s.File.Path == r[1]).Samples, clean);
            var residual = noisy.Zip(clean, (y, x) => y - x).ToArray();
            // The noise is a looped excerpt of its recording: the listed one matches some offset, every other does not.
            foreach (var noise in pool.Noise)
                Assert.Equal(noise.File.Path == r[2], BestOffsetCorrelation(residual, noise.Samples) > 0.999);
            Assert.Equal(NoiseKinds.Of(pool.Noise.Single(n => n.File.Path == r[2]).File.Group), r[4]);
        }
    }

    /// <summary>Largest normalised correlation of the first 64 samples of <paramref name="x"/> with any circular
    /// excerpt of <paramref name="source"/>.</summary>
    private static double BestOffsetCorrelation(float[] x, float[] source)
    {
        const int n = 64;
        double xx = 0;
        for (int i = 0; i < n; i++) xx += (double)x[i] * x[i];
        double best = 0;
        for (int s = 0; s < source.Length; s++)
        {
            double xy = 0, yy = 0;
            for (int i = 0; i < n; i++)
            {
                double y = source[(s + i) % source.Length];
                xy += x[i] * y; yy += y * y;
            }
            best = Math.Max(best, xy / Math.Sqrt(xx * yy + 1e-30));
        }
        return best;
    }

    private static void Manifest(string root, string header, params string[] rows) =>
        File.WriteAllLines(Path.Combine(root, "MANIFEST.tsv"), [header, .. rows]);

    /// <summary>A manifest row, and one second of pink noise at <paramref name="rate"/> as its audio.</summary>
    private static string Row(string root, string file, string kind, string split, string group, int rate = 48000)
    {
        string path = Path.Combine(root, file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var p = Process.Start(new ProcessStartInfo("sox", ["-n", "-r", rate.ToString(), "-b", "16", path, "synth", "1", "pinknoise", "vol", "0.3"])
               { UseShellExecute = false })!)
            p.WaitForExit();
        return $"{file}\t{kind}\t{rate}\t1.0\ttest/fake\t{file}\tCC0 1.0 (test)\t{split}\t{group}";
    }

    public void Dispose()
    {
        try { Directory.Delete(_temp, recursive: true); } catch (IOException) { }
    }
}
