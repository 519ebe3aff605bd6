using PercepNet.Cli;
using PercepNet.Cli.Audio;
using PercepNet.Cli.Evaluate;
using PercepNet.Engine.Resampling;

namespace PercepNet.Tests.Cli;

public class EvaluateCommandTests
{
    private static string DnsmosDir() => SharedData.DnsmosModels;

    private static float[] WithWhiteNoise(float[] x, double rms, int seed)
    {
        var rng = new Random(seed);
        return x.Select(v => (float)(v + rms * Math.Sqrt(3) * (2 * rng.NextDouble() - 1))).ToArray();
    }

    [SharedDataFact(SharedNeed.DnsmosModels)]
    public void Dnsmos_background_score_drops_when_noise_is_added()
    {
        using var scorer = new DnsmosScorer(DnsmosDir());
        var clean = TestAudio.Speechlike(16000, 1, 10.0, noiseLevel: 0);
        var cleanScore = scorer.Score(clean);
        var noisyScore = scorer.Score(WithWhiteNoise(clean, 0.1, 3));
        Assert.True(cleanScore.Bak > noisyScore.Bak + 0.5, $"clean BAK {cleanScore.Bak:0.00}, noisy BAK {noisyScore.Bak:0.00}");
        foreach (var s in new[] { cleanScore, noisyScore })
            Assert.All(new[] { s.Sig, s.Bak, s.Ovrl }, v => Assert.InRange(v, 1.0, 5.0));
    }

    [Fact]
    public void Resampling_to_16k_keeps_timing_and_level()
    {
        // A 1 kHz tone burst at 48 kHz: after resampling, the burst starts at the same time and keeps its amplitude.
        var x = new float[48000];
        for (int i = 24000; i < 36000; i++) x[i] = (float)(0.5 * Math.Sin(2 * Math.PI * 1000 * i / 48000.0));
        var y = WholeSignalResampler.Resample(x, 48000, 16000);
        Assert.Equal(16000, y.Length);
        Assert.InRange(y.Take(7950).Max(Math.Abs), 0, 0.01);
        Assert.InRange(y.Skip(8100).Take(3800).Max(Math.Abs), 0.49, 0.51);
        for (int i = 8100; i < 11900; i++) Assert.Equal(0.5 * Math.Sin(2 * Math.PI * 1000 * i / 16000.0), y[i], 0.01);
    }

    [SharedDataFact(SharedNeed.DnsmosModels)]
    public void Command_scores_each_file_against_its_reference_and_fails_on_a_missing_one()
    {
        using var dir = new TempDir();
        var format = new AudioFormat(48000, 1, SampleEncoding.Float32);
        Directory.CreateDirectory(dir.File("clean/a"));
        Directory.CreateDirectory(dir.File("enh/a"));
        var clean = TestAudio.Speechlike(48000, 1, 3.0, noiseLevel: 0);
        TestAudio.WriteWav(dir.File("clean/a/noisy.wav"), clean, format);
        TestAudio.WriteWav(dir.File("clean/a/exact.wav"), clean, format);
        TestAudio.WriteWav(dir.File("enh/a/noisy.wav"), WithWhiteNoise(clean, 0.01, 1), format);
        TestAudio.WriteWav(dir.File("enh/a/exact.wav"), clean, format);
        TestAudio.WriteWav(dir.File("enh/orphan.wav"), clean, format);
        double expectedSnr = 10 * Math.Log10(clean.Average(x => (double)x * x) / 1e-4);

        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = EvaluateCommand.Run(["--enhanced", dir.File("enh"), "--clean", dir.File("clean"), "--dnsmos", DnsmosDir(), "--json"],
            stdout, stderr, CancellationToken.None);
        Assert.Equal((int)ExitCode.SomeFilesFailed, code);

        using var json = System.Text.Json.JsonDocument.Parse(stdout.ToString());
        var files = json.RootElement.GetProperty("files").EnumerateArray().ToDictionary(f => f.GetProperty("file").GetString()!);
        var noisy = files[Path.Combine("a", "noisy.wav")];
        var exact = files[Path.Combine("a", "exact.wav")];
        Assert.InRange(noisy.GetProperty("siSdrDb").GetDouble(), expectedSnr - 0.5, expectedSnr + 0.5);
        Assert.True(exact.GetProperty("siSdrDb").GetDouble() > 60);
        Assert.True(exact.GetProperty("estoi").GetDouble() > noisy.GetProperty("estoi").GetDouble());
        Assert.InRange(exact.GetProperty("estoi").GetDouble(), 0.99, 1.0);
        Assert.True(exact.GetProperty("dnsmosBak").GetDouble() > noisy.GetProperty("dnsmosBak").GetDouble());
        Assert.Contains("no clean file", files["orphan.wav"].GetProperty("error").GetString());
        Assert.Equal("mean of 2", json.RootElement.GetProperty("mean").GetProperty("file").GetString());
    }

    [Fact]
    public void Missing_dnsmos_model_is_a_model_error()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("enh"));
        var stderr = new StringWriter();
        int code = EvaluateCommand.Run(["--enhanced", dir.File("enh"), "--dnsmos", dir.File("nowhere")], new StringWriter(), stderr, CancellationToken.None);
        Assert.Equal((int)ExitCode.ModelError, code);
        Assert.Contains("sig_bak_ovr.onnx", stderr.ToString());
    }
}

public class EvaluateAttenuationTests
{
    [Fact]
    public void Noisy_folder_gives_each_files_attenuation_without_dnsmos()
    {
        using var dir = new TempDir();
        var format = new AudioFormat(48000, 1, SampleEncoding.Float32);
        Directory.CreateDirectory(dir.File("in"));
        Directory.CreateDirectory(dir.File("out"));
        var x = TestAudio.Speechlike(48000, 1, 2.0, noiseLevel: 0.05);
        TestAudio.WriteWav(dir.File("in/a.wav"), x, format);
        TestAudio.WriteWav(dir.File("out/a.wav"), x.Select(v => v * 0.1f).ToArray(), format);   // 20 dB down
        TestAudio.WriteWav(dir.File("in/b.wav"), x, format);
        TestAudio.WriteWav(dir.File("out/b.wav"), x, format);                                   // untouched

        var stdout = new StringWriter();
        int code = EvaluateCommand.Run(["--enhanced", dir.File("out"), "--noisy", dir.File("in"), "--no-dnsmos", "--json"],
            stdout, new StringWriter(), CancellationToken.None);
        Assert.Equal(0, code);
        using var json = System.Text.Json.JsonDocument.Parse(stdout.ToString());
        var files = json.RootElement.GetProperty("files").EnumerateArray().ToDictionary(f => f.GetProperty("file").GetString()!);
        Assert.Equal(20.0, files["a.wav"].GetProperty("attenuationDb").GetDouble(), 0.01);
        Assert.Equal(0.0, files["b.wav"].GetProperty("attenuationDb").GetDouble(), 0.01);
        Assert.Equal(10.0, json.RootElement.GetProperty("mean").GetProperty("attenuationDb").GetDouble(), 0.01);
        Assert.False(files["a.wav"].TryGetProperty("siSdrDb", out _));
    }
}

public class EvaluateErrorSplitTests
{
    [Fact]
    public void Noise_between_words_is_pause_error_and_a_file_without_pauses_has_none()
    {
        using var dir = new TempDir();
        var format = new AudioFormat(48000, 1, SampleEncoding.Float32);
        Directory.CreateDirectory(dir.File("clean"));
        Directory.CreateDirectory(dir.File("out"));
        // 1 s of a steady tone, 1 s of silence, 1 s of tone; the output adds noise in the silence only, 20 dB below
        // the whole speech's energy.
        var clean = Enumerable.Range(0, 3 * 48000).Select(i => i is >= 48000 and < 96000 ? 0f : (float)(0.3 * Math.Sin(2 * Math.PI * 220 * i / 48000.0))).ToArray();
        var noise = new Random(3);
        double speechEnergy = clean.Sum(v => (double)v * v), k = Math.Sqrt(speechEnergy / 100 / (48000 / 3.0));
        var output = clean.Select((v, i) => i is >= 48000 and < 96000 ? (float)(k * (noise.NextDouble() * 2 - 1)) : v).ToArray();
        TestAudio.WriteWav(dir.File("clean/a.wav"), clean, format);
        TestAudio.WriteWav(dir.File("out/a.wav"), output, format);
        var steady = clean.Select((v, i) => (float)(0.3 * Math.Sin(2 * Math.PI * 220 * i / 48000.0))).ToArray();
        TestAudio.WriteWav(dir.File("clean/b.wav"), steady, format);
        TestAudio.WriteWav(dir.File("out/b.wav"), steady.Select(v => v * 0.5f).ToArray(), format);

        var stdout = new StringWriter();
        int code = EvaluateCommand.Run(["--enhanced", dir.File("out"), "--clean", dir.File("clean"), "--no-dnsmos", "--json"],
            stdout, new StringWriter(), CancellationToken.None);
        Assert.Equal(0, code);
        using var json = System.Text.Json.JsonDocument.Parse(stdout.ToString());
        var files = json.RootElement.GetProperty("files").EnumerateArray().ToDictionary(f => f.GetProperty("file").GetString()!);
        Assert.InRange(files["a.wav"].GetProperty("pauseErrorDb").GetDouble(), -20.5, -19.5);
        Assert.True(files["a.wav"].GetProperty("speechErrorDb").GetDouble() < -60);
        Assert.False(files["b.wav"].TryGetProperty("pauseErrorDb", out _));      // no pause: no figure, not NaN
        Assert.True(files["b.wav"].GetProperty("speechErrorDb").GetDouble() < -60); // a gain is no error
    }
}
