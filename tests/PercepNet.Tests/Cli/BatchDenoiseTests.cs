using PercepNet.Cli;
using PercepNet.Cli.Audio;
using PercepNet.Cli.Denoise;
using PercepNet.Cli.Files;

namespace PercepNet.Tests.Cli;

public class BatchDenoiseTests
{
    private static (int Code, string Out, string Err) Batch(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = DenoiseCommand.Run(["--batch", .. args, "--no-progress"], stdout, stderr, _ => DelayingGain.Factory(0.5f), null, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static readonly (string Path, AudioFormat Format)[] MixedTree =
    [
        ("a16k_mono.wav", new AudioFormat(16000, 1, SampleEncoding.Pcm16)),
        ("show/ep1/host_44k.wav", new AudioFormat(44100, 2, SampleEncoding.Pcm24)),
        ("show/ep1/guest_48k.WAV", new AudioFormat(48000, 1, SampleEncoding.Float32)),
        ("show/ep2/room_96k.wav", new AudioFormat(96000, 2, SampleEncoding.Pcm16)),
        ("show/ep2/deep/float_stereo_48k.bwf", new AudioFormat(48000, 2, SampleEncoding.Float32)),
    ];

    private static Dictionary<string, float[]> MakeTree(string root)
    {
        var inputs = new Dictionary<string, float[]>();
        int seed = 1;
        foreach (var (path, format) in MixedTree)
        {
            string full = Path.Combine(root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            var x = TestAudio.QuantizedTo(TestAudio.Speechlike(format.SampleRate, format.Channels, 0.3 + 0.1 * seed, seed++), format.Encoding);
            TestAudio.WriteWav(full, x, format);
            inputs[path] = x;
        }
        File.WriteAllText(Path.Combine(root, "show/notes.txt"), "not audio, not picked up");
        return inputs;
    }

    [Fact]
    public void Mixed_rates_channels_and_encodings_are_all_processed_into_the_same_tree_aligned()
    {
        using var dir = new TempDir();
        var inputs = MakeTree(dir.File("in"));
        var (code, stdout, stderr) = Batch(dir.File("in"), dir.File("out"));
        Assert.True(code == 0, stderr);
        Assert.True(stderr.Contains($"{MixedTree.Length} done, 0 skipped (already done), 0 failed"), stderr + stdout);

        foreach (var (path, format) in MixedTree)
        {
            var output = TestAudio.ReadWav(Path.Combine(dir.File("out"), path), out var outFormat);
            Assert.Equal(format, outFormat);
            var input = inputs[path];
            Assert.Equal(input.Length, output.Length);
            // 0.5 × input, aligned: the error is within dither + rounding of the output encoding.
            double tolerance = format.Encoding.IsFloat() ? 0 : 1.5 / (1 << (format.Encoding.BitsPerSample() - 1));
            for (int i = 0; i < input.Length; i++)
                Assert.True(Math.Abs(output[i] - 0.5f * input[i]) <= tolerance, $"{path} sample {i}");
        }
        Assert.False(File.Exists(dir.File("out/show/notes.txt")));
    }

    [Fact]
    public void Rerun_skips_finished_outputs_and_completes_the_rest()
    {
        using var dir = new TempDir();
        MakeTree(dir.File("in"));
        Assert.Equal(0, Batch(dir.File("in"), dir.File("out")).Code);
        // Simulate a run killed half-way: one output missing, a stale temp file left next to it.
        string missing = dir.File("out/show/ep2/room_96k.wav");
        File.Delete(missing);
        string stale = dir.File("out/show/ep2/.room_96k.wav.0123" + AtomicFileWriter.TempSuffix);
        File.WriteAllText(stale, "half-written");
        var finishedTime = File.GetLastWriteTimeUtc(dir.File("out/a16k_mono.wav"));

        var (code, _, stderr) = Batch(dir.File("in"), dir.File("out"));
        Assert.True(code == 0, stderr);
        Assert.Contains($"1 done, {MixedTree.Length - 1} skipped (already done), 0 failed", stderr);
        Assert.True(File.Exists(missing));
        Assert.False(File.Exists(stale));
        Assert.Equal(finishedTime, File.GetLastWriteTimeUtc(dir.File("out/a16k_mono.wav")));
    }

    [Fact]
    public void One_bad_file_fails_alone_with_exit_code_1()
    {
        using var dir = new TempDir();
        MakeTree(dir.File("in"));
        File.WriteAllBytes(dir.File("in/show/broken.wav"), [.. "RIFF"u8, 100, 0, 0, 0, .. "WAVEfmt "u8]);
        var (code, stdout, stderr) = Batch(dir.File("in"), dir.File("out"), "--json");
        Assert.Equal((int)ExitCode.SomeFilesFailed, code);
        Assert.Contains($"{MixedTree.Length} done, 0 skipped (already done), 1 failed", stderr);
        Assert.Contains("broken.wav", stdout);
        Assert.Contains("truncated", stdout);
        Assert.False(File.Exists(dir.File("out/show/broken.wav")));
    }

    [Fact]
    public void A_file_that_only_starts_like_flac_is_listed_as_a_failure_with_the_reason()
    {
        using var dir = new TempDir();
        MakeTree(dir.File("in"));
        File.WriteAllBytes(dir.File("in/show/interview.flac"), [.. "fLaC"u8, .. new byte[100]]);
        var (code, _, stderr) = Batch(dir.File("in"), dir.File("out"));
        Assert.Equal((int)ExitCode.SomeFilesFailed, code);
        Assert.Contains("interview.flac: corrupt FLAC", stderr);
        Assert.Contains($"{MixedTree.Length} done", stderr);
        Assert.False(File.Exists(dir.File("out/show/interview.flac")));
    }

    [Fact]
    public void Output_folder_inside_the_input_folder_is_not_reprocessed()
    {
        using var dir = new TempDir();
        MakeTree(dir.File("in"));
        Assert.Equal(0, Batch(dir.File("in"), dir.File("in/denoised")).Code);
        var (code, _, stderr) = Batch(dir.File("in"), dir.File("in/denoised"));
        Assert.Equal(0, code);
        Assert.Contains($"0 done, {MixedTree.Length} skipped", stderr);
        Assert.False(Directory.Exists(dir.File("in/denoised/denoised")));
    }

    [Fact]
    public void Same_input_and_output_folder_is_refused()
    {
        using var dir = new TempDir();
        MakeTree(dir.File("in"));
        var (code, _, stderr) = Batch(dir.File("in"), dir.File("in/../in"));
        Assert.Equal((int)ExitCode.OutputError, code);
        Assert.Contains("input folder", stderr);
    }

    [Fact]
    public void Empty_or_missing_input_folder_fails()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("empty"));
        Assert.Equal((int)ExitCode.InputError, Batch(dir.File("empty"), dir.File("out")).Code);
        Assert.Equal((int)ExitCode.InputError, Batch(dir.File("missing"), dir.File("out")).Code);
    }

    [Fact]
    public void Two_inputs_mapping_to_one_output_are_reported_not_overwritten()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("in"));
        var f = new AudioFormat(16000, 1, SampleEncoding.Pcm16);
        var x = TestAudio.QuantizedTo(TestAudio.Speechlike(16000, 1, 0.3), f.Encoding);
        TestAudio.WriteWav(dir.File("in/take.wav"), x, f);
        TestAudio.WriteWav(dir.File("in/take.mp3"), x, f); // a WAV with an .mp3 name: would become take.wav too
        var (code, stdout, stderr) = Batch(dir.File("in"), dir.File("out"));
        Assert.Equal((int)ExitCode.SomeFilesFailed, code);
        Assert.Contains("already the output of", stderr);
    }
}
