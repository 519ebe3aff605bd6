using System.Diagnostics;
using System.Globalization;
using PercepNet.Cli.Audio;
using PercepNet.Cli.Dataset;
using PercepNet.Tests.Cli;

namespace PercepNet.Tests.Dataset;

/// <summary>
/// A tiny data root in the layout of shared/data (MANIFEST.tsv with
/// `file kind sample_rate seconds source_repo source_path licence split group`, and
/// speech/commonvoice/clips.tsv with `band_edge_hz`), built once for the dataset tests in a temp folder.
/// Speech and one noise are short real recordings copied or trimmed from shared/data with sox (so the
/// targets are checked on real audio); the rest is generated. It also lists files the dataset command must
/// skip: one missing, one corrupt, one empty, and ones its selection rules leave out.
/// </summary>
public sealed class FakeDataRoot : IDisposable
{
    /// <summary>The dataset test classes share one root (built once) and run one after the other.</summary>
    public const string Collection = "Dataset data root";

    public string Root { get; }
    public string Temp { get; }

    /// <summary>Fullband 48 kHz speech (RAVDESS), train; one non-commercial, one marked CC0 here.</summary>
    public string SpeechNc { get; } = "";
    public string Speech48k { get; } = "";
    /// <summary>32 kHz Common Voice clip, train, CC0, band edge from clips.tsv (below 16 kHz).</summary>
    public string SpeechCv { get; } = "";
    public double CvBandEdgeHz { get; }
    public string SpeechDev { get; } = "";
    public string Speech16k { get; } = "";
    public string NoiseRain44k { get; } = "noise/rain_44k.flac";
    public string NoisePink48k { get; } = "noise/pink_48k.flac";
    public string Noise16k { get; } = "noise/sc_dishes_16k.flac";
    public string Rir { get; } = "rir/room_48k.wav";

    public string MissingSpeech { get; } = "speech/ravdess/Actor_03/missing.flac";
    public string CorruptNoise { get; } = "noise/corrupt.flac";
    public string EmptySpeech { get; } = "speech/commonvoice/de/empty.wav";

    public FakeDataRoot()
    {
        Temp = Path.Combine(Path.GetTempPath(), "percepnet-dstest-" + Guid.NewGuid().ToString("N")[..8]);
        Root = Path.Combine(Temp, "data");
        Directory.CreateDirectory(Root);
        Sox("-n", "-r", "48000", "-b", "16", Out(NoisePink48k), "synth", "3", "pinknoise", "vol", "0.3");
        TestAudio.WriteWav(Out(Rir), RoomResponse(), new AudioFormat(48000, 1, SampleEncoding.Float32));
        File.WriteAllBytes(Out(CorruptNoise), RandomBytes(3000));
        Sox("-n", "-r", "32000", "-b", "16", Out(EmptySpeech), "trim", "0", "0");   // a valid WAV of 0 samples
        // Without ../shared (a clone alone) the root stops here, with no MANIFEST.tsv: the tests that need the real
        // clips are skipped (SharedDataFact), the ones that only use the generated files and NewDir still run.
        if (!SharedData.Has(SharedNeed.Recordings)) return;
        string real = SharedData.Root;
        var manifest = File.ReadLines(Path.Combine(real, "MANIFEST.tsv")).Skip(1).Select(l => l.Split('\t')).ToList();
        string First(Func<string[], bool> pick) => manifest.First(pick)[0];

        string ravdess1 = First(c => c[0].Contains("/Actor_01/") && c[7] == "train");
        string ravdess2 = First(c => c[0].Contains("/Actor_02/") && c[7] == "train");
        string ravdessDev = First(c => c[0].StartsWith("speech/ravdess/") && c[7] == "dev");
        string libri = First(c => c[0].StartsWith("speech/librispeech/"));
        string rain = manifest.FirstOrDefault(c => c[1] == "noise" && c[2] == "44100" && c[0].Contains("rain") && c[7] == "train")?[0]
                      ?? First(c => c[1] == "noise" && c[2] == "44100" && c[7] == "train");
        string dishes = First(c => c[1] == "noise" && c[2] == "16000" && c[7] == "train");
        // A Common Voice clip that stops well below 16 kHz, so its masked bands differ from "rate / 2".
        var cvRows = File.ReadLines(Path.Combine(real, "speech", "commonvoice", "clips.tsv")).Select(l => l.Split('\t')).ToList();
        int edgeCol = Array.IndexOf(cvRows[0], "band_edge_hz"), splitCol = Array.IndexOf(cvRows[0], "split");
        var cv = cvRows.Skip(1).First(c => c[splitCol] == "train" && double.Parse(c[edgeCol], CultureInfo.InvariantCulture) <= 14000);
        CvBandEdgeHz = double.Parse(cv[edgeCol], CultureInfo.InvariantCulture);

        SpeechNc = "speech/ravdess/Actor_01/" + Path.GetFileNameWithoutExtension(ravdess1) + ".wav";
        Speech48k = "speech/ravdess/Actor_02/" + Path.GetFileName(ravdess2);
        SpeechCv = cv[0];
        SpeechDev = "speech/ravdess/Actor_19/" + Path.GetFileName(ravdessDev);
        Speech16k = "speech/librispeech/" + Path.GetFileName(libri);

        Sox(Path.Combine(real, ravdess1), "-b", "16", Out(SpeechNc));
        Sox(Path.Combine(real, ravdess2), Out(Speech48k));
        Sox(Path.Combine(real, cv[0]), Out(SpeechCv));
        Sox(Path.Combine(real, ravdessDev), Out(SpeechDev));
        Sox(Path.Combine(real, libri), Out(Speech16k), "trim", "0", "2");
        Sox(Path.Combine(real, rain), Out(NoiseRain44k), "trim", "0", "3");
        Sox(Path.Combine(real, dishes), Out(Noise16k), "trim", "0", "2");

        var rows = new List<string> { "file\tkind\tsample_rate\tseconds\tsource_repo\tsource_path\tlicence\tsplit\tgroup" };
        void Row(string file, string kind, int rate, string licence, string split, string group) =>
            rows.Add($"{file}\t{kind}\t{rate}\t2.0\ttest/fake\t{file}\t{licence}\t{split}\t{group}");
        Row(SpeechNc, "speech", 48000, "CC BY-NC-SA 4.0 (RAVDESS, Livingstone & Russo 2018)", "train", "ravdess_actor01");
        Row(Speech48k, "speech", 48000, "CC0 1.0 (test)", "train", "ravdess_actor02");
        Row(SpeechCv, "speech", 32000, "CC0 1.0 (Mozilla Common Voice)", "train", "cv_a");
        Row(SpeechDev, "speech", 48000, "CC0 1.0 (test)", "dev", "ravdess_actor19");
        Row(Speech16k, "speech", 16000, "CC BY 4.0 (LibriSpeech)", "train", "libri");
        Row(MissingSpeech, "speech", 48000, "CC0 1.0 (test)", "train", "ravdess_actor03");
        Row(EmptySpeech, "speech", 32000, "CC0 1.0 (Mozilla Common Voice)", "train", "cv_b");
        Row(NoiseRain44k, "noise", 44100, "CC0 1.0 (test)", "train", "rain");
        Row(NoisePink48k, "noise", 48000, "CC0 1.0 (test)", "train", "pink");
        Row(Noise16k, "noise", 16000, "CC BY 4.0 (Google Speech Commands)", "train", "dishes");
        Row(CorruptNoise, "noise", 48000, "CC0 1.0 (test)", "train", "corrupt");
        Row(Rir, "rir", 48000, "CC0 1.0 (test)", "train", "room");
        File.WriteAllLines(Path.Combine(Root, "MANIFEST.tsv"), rows);
        File.WriteAllLines(Path.Combine(Root, "speech", "commonvoice", "clips.tsv"),
        [
            "file\tlang\tband_edge_hz\tsplit",
            $"{SpeechCv}\tbr\t{CvBandEdgeHz.ToString(CultureInfo.InvariantCulture)}\ttrain",
            $"{EmptySpeech}\tde\t15000\ttrain",
        ]);
    }

    /// <summary>The usable sources of the train split (what the command must keep), by kind.</summary>
    public string[] UsableTrainSpeech(bool permissiveOnly) => permissiveOnly ? [Speech48k, SpeechCv] : [SpeechNc, Speech48k, SpeechCv];
    /// <summary>16 kHz noise is fine as noise (mixer revision 4, issue 18).</summary>
    public string[] UsableTrainNoise => [NoiseRain44k, NoisePink48k, Noise16k];

    public string NewDir(string name)
    {
        string d = Path.Combine(Temp, name + "-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(d);
        return d;
    }

    /// <summary>Loads the train pool in-process, with warnings going to <paramref name="log"/>.</summary>
    public SourcePool LoadPool(TextWriter log, bool permissiveOnly = false, string split = "train") =>
        SourcePool.Load(DataManifest.Load(Root), split, permissiveOnly, new AudioCache(Root, NewDir("cache"), log));

    /// <summary>The train pool (all licences), decoded once; its warnings are checked elsewhere.</summary>
    public SourcePool Pool => _pool ??= LoadPool(TextWriter.Null);
    private SourcePool? _pool;

    public void Dispose()
    {
        try { Directory.Delete(Temp, recursive: true); } catch (IOException) { }
    }

    private string Out(string relative)
    {
        string path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    /// <summary>Direct path after 1 ms, then a 0.3 s exponentially decaying diffuse tail (RT60 about 0.25 s).</summary>
    private static float[] RoomResponse()
    {
        var rng = new Random(5);
        var h = new float[14400];
        h[48] = 1f;
        for (int i = 96; i < h.Length; i++)
            h[i] = (float)(0.3 * (rng.NextDouble() * 2 - 1) * Math.Exp(-(i - 96) / 48000.0 / 0.036));
        return h;
    }

    private static byte[] RandomBytes(int n)
    {
        var b = new byte[n];
        new Random(9).NextBytes(b);
        return b;
    }

    internal static void Sox(params string[] args)
    {
        var psi = new ProcessStartInfo("sox", ["-V1", .. args]) { RedirectStandardError = true, UseShellExecute = false };
        using var p = Process.Start(psi)!;
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"sox {string.Join(' ', args)} failed: {err}");
    }
}

[CollectionDefinition(FakeDataRoot.Collection)]
public sealed class FakeDataRootCollection : ICollectionFixture<FakeDataRoot>;
