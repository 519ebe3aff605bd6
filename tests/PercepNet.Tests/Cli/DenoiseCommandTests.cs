using PercepNet.Cli;
using PercepNet.Cli.Audio;
using PercepNet.Cli.Denoise;
using PercepNet.Cli.Files;

namespace PercepNet.Tests.Cli;

/// <summary>
/// <c>percepnet denoise</c> end to end on real files, with a delay-and-gain stand-in for the network so these run
/// without a trained model. Every failure must give a clear message, a non-zero exit and leave files intact.
/// </summary>
public class DenoiseCommandTests
{
    private static readonly AudioFormat Stereo16 = new(48000, 2, SampleEncoding.Pcm16);

    private static (int Code, string Out, string Err) Denoise(params string[] args) => DenoiseWith(null, args);

    private static (int Code, string Out, string Err) DenoiseWith(AtomicFileWriter? fileWriter, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = DenoiseCommand.Run([.. args, "--no-progress"], stdout, stderr, _ => DelayingGain.Factory(0.5f), fileWriter, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static string MakeInput(TempDir dir, string name = "in.wav", AudioFormat? format = null, double seconds = 0.7)
    {
        format ??= Stereo16;
        string path = dir.File(name);
        TestAudio.WriteWav(path, TestAudio.QuantizedTo(TestAudio.Speechlike(format.SampleRate, format.Channels, seconds), format.Encoding), format);
        return path;
    }

    [Fact]
    public void Writes_an_aligned_output_of_the_same_length_format_and_metadata()
    {
        using var dir = new TempDir();
        var format = new AudioFormat(44100, 2, SampleEncoding.Pcm24);
        var input = TestAudio.QuantizedTo(TestAudio.Speechlike(44100, 2, 1.1), format.Encoding);
        var bext = new WavChunk("bext", Enumerable.Range(0, 602).Select(i => (byte)(i * 7)).ToArray(), false);
        TestAudio.WriteWav(dir.File("in.wav"), input, format, [bext]);

        var (code, stdout, stderr) = Denoise(dir.File("in.wav"), dir.File("out.wav"), "--json");
        Assert.True(code == 0, stderr);
        Assert.Contains("\"status\": \"done\"", stdout);
        Assert.Contains("\"noiseReductionDb\": 6.0", stdout); // gain 0.5 = 6.02 dB everywhere

        using var reader = WavReader.Open(dir.File("out.wav"));
        Assert.Equal(format, reader.Format);
        Assert.Equal(bext.Data, Assert.Single(reader.ExtraChunks).Data);
        var output = TestAudio.ReadAll(reader);
        Assert.Equal(input.Length, output.Length);
        double lsb = 1.0 / 8388608;
        for (int i = 0; i < input.Length; i++) Assert.True(Math.Abs(output[i] - 0.5 * input[i]) <= 1.5 * lsb, $"sample {i}");
        Assert.Empty(Directory.GetFiles(dir.Path, "*" + AtomicFileWriter.TempSuffix));
    }

    [Fact]
    public void Output_format_option_converts_with_dither()
    {
        using var dir = new TempDir();
        MakeInput(dir, format: new AudioFormat(48000, 1, SampleEncoding.Float32));
        var (code, _, stderr) = Denoise(dir.File("in.wav"), dir.File("out.wav"), "--format", "pcm16");
        Assert.True(code == 0, stderr);
        TestAudio.ReadWav(dir.File("out.wav"), out var format);
        Assert.Equal(SampleEncoding.Pcm16, format.Encoding);
    }

    [Fact]
    public void Empty_input_file_fails_and_writes_nothing()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("empty.wav"), []);
        var (code, _, stderr) = Denoise(dir.File("empty.wav"), dir.File("out.wav"));
        Assert.Equal((int)ExitCode.InputError, code);
        Assert.Contains("empty", stderr);
        Assert.False(File.Exists(dir.File("out.wav")));
    }

    [Fact]
    public void Wav_header_with_no_samples_fails()
    {
        using var dir = new TempDir();
        TestAudio.WriteWav(dir.File("silent.wav"), [], Stereo16);
        var (code, _, stderr) = Denoise(dir.File("silent.wav"), dir.File("out.wav"));
        Assert.Equal((int)ExitCode.InputError, code);
        Assert.Contains("no audio", stderr);
    }

    [Fact]
    public void Truncated_input_fails_and_keeps_an_existing_output()
    {
        using var dir = new TempDir();
        string input = MakeInput(dir);
        var bytes = File.ReadAllBytes(input);
        File.WriteAllBytes(input, bytes[..(bytes.Length / 2)]);
        File.WriteAllText(dir.File("out.wav"), "previous result");
        var (code, _, stderr) = Denoise(input, dir.File("out.wav"), "--force");
        Assert.Equal((int)ExitCode.InputError, code);
        Assert.Contains("truncated", stderr);
        Assert.Equal("previous result", File.ReadAllText(dir.File("out.wav")));
    }

    [Fact]
    public void Non_audio_with_a_wav_extension_fails()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("notes.wav"), "meeting notes, not audio");
        var (code, _, stderr) = Denoise(dir.File("notes.wav"), dir.File("out.wav"));
        Assert.Equal((int)ExitCode.InputError, code);
        Assert.Contains("not a WAV file", stderr);
    }

    [Fact]
    public void Missing_input_fails()
    {
        using var dir = new TempDir();
        var (code, _, stderr) = Denoise(dir.File("nope.wav"), dir.File("out.wav"));
        Assert.Equal((int)ExitCode.InputError, code);
        Assert.Contains("no such file", stderr);
    }

    [Fact]
    public void Unreadable_input_fails()
    {
        using var dir = new TempDir();
        // Root reads through chmod 000, so a directory stands in for an unreadable file.
        Directory.CreateDirectory(dir.File("folder.wav"));
        var (code, _, stderr) = Denoise(dir.File("folder.wav"), dir.File("out.wav"));
        Assert.Equal((int)ExitCode.InputError, code);
        Assert.Contains("is a directory", stderr);
    }

    [Fact]
    public void Output_equal_to_input_is_refused_by_path_symlink_and_hard_link()
    {
        using var dir = new TempDir();
        string input = MakeInput(dir);
        var original = File.ReadAllBytes(input);
        File.CreateSymbolicLink(dir.File("link.wav"), input);
        Directory.CreateSymbolicLink(dir.File("alias"), dir.Path);
        Assert.True(Link(input, dir.File("hard.wav")) == 0, "could not make a hard link");

        foreach (string output in new[] { input, dir.File("./in.wav"), dir.File("link.wav"), dir.File("hard.wav"), Path.Combine(dir.File("alias"), "in.wav") })
        {
            var (code, _, stderr) = Denoise(input, output, "--force");
            Assert.True(code == (int)ExitCode.OutputError, output);
            Assert.Contains("is the input file", stderr);
        }
        Assert.Equal(original, File.ReadAllBytes(input));
    }

    [Fact]
    public void Existing_output_needs_force()
    {
        using var dir = new TempDir();
        string input = MakeInput(dir);
        File.WriteAllText(dir.File("out.wav"), "keep me");
        var (code, _, stderr) = Denoise(input, dir.File("out.wav"));
        Assert.Equal((int)ExitCode.OutputError, code);
        Assert.Contains("--force", stderr);
        Assert.Equal("keep me", File.ReadAllText(dir.File("out.wav")));

        Assert.Equal(0, Denoise(input, dir.File("out.wav"), "--force").Code);
        TestAudio.ReadWav(dir.File("out.wav"), out var overwritten);
        Assert.Equal(Stereo16, overwritten);
    }

    [Fact]
    public void Disk_full_fails_cleanly_and_keeps_the_previous_output()
    {
        using var dir = new TempDir();
        string input = MakeInput(dir, seconds: 2);
        File.WriteAllText(dir.File("out.wav"), "previous result");
        var fullDisk = new AtomicFileWriter(path => new DiskFullStream(File.Create(path), capacity: 50_000));
        var (code, _, stderr) = DenoiseWith(fullDisk, input, dir.File("out.wav"), "--force");
        Assert.Equal((int)ExitCode.OutputError, code);
        Assert.Contains("No space left on device", stderr);
        Assert.Equal("previous result", File.ReadAllText(dir.File("out.wav")));
        Assert.Empty(Directory.GetFiles(dir.Path, "*" + AtomicFileWriter.TempSuffix));
    }

    [Fact]
    public void Output_folder_that_cannot_be_written_fails()
    {
        using var dir = new TempDir();
        string input = MakeInput(dir);
        // /sys refuses new files even to root (chmod does not bind root); elsewhere a missing folder stands in.
        string output = Directory.Exists("/sys") ? "/sys/percepnet-out.wav" : dir.File("missing/out.wav");
        var (code, _, stderr) = Denoise(input, output);
        Assert.Equal((int)ExitCode.OutputError, code);
        Assert.Contains(output, stderr);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Missing_output_folder_fails()
    {
        using var dir = new TempDir();
        string input = MakeInput(dir);
        var (code, _, stderr) = Denoise(input, dir.File("no/such/folder/out.wav"));
        Assert.Equal((int)ExitCode.OutputError, code);
        Assert.Contains("does not exist", stderr);
    }

    [Theory]
    [InlineData("--strength", "1.5")]
    [InlineData("--attenuation-limit", "61")]
    [InlineData("--attenuation-limit", "-1")]
    [InlineData("--lookahead", "3")]
    [InlineData("--dry-wet", "abc")]
    [InlineData("--mix", "101")]
    [InlineData("--post-filter", "-1")]
    [InlineData("--format", "pcm8")]
    [InlineData("--bogus", "1")]
    public void Bad_options_are_usage_errors(string option, string value)
    {
        using var dir = new TempDir();
        string input = MakeInput(dir);
        var (code, _, stderr) = Denoise(input, dir.File("out.wav"), option, value);
        Assert.Equal((int)ExitCode.Usage, code);
        Assert.Contains(option, stderr);
        Assert.False(File.Exists(dir.File("out.wav")));
    }

    [Theory]
    [InlineData(new string[0], 60.0)]
    [InlineData(new[] { "--attenuation-limit", "12.5" }, 12.5)]
    [InlineData(new[] { "--attenuation-limit=0" }, 0.0)]
    [InlineData(new[] { "--strength", "0.5" }, 30.0)]
    [InlineData(new[] { "--strength", "1" }, 60.0)]
    public void The_attenuation_limit_is_in_dB_and_strength_is_its_former_name(string[] options, double expectedDb)
    {
        var parsed = DenoiseOptions.Parse(["in.wav", "out.wav", .. options]);
        Assert.Equal(expectedDb, parsed.AttenuationLimitDb);
    }

    [Fact]
    public void Strength_scaled_to_dB_is_exactly_the_limit_the_engine_ran_as_strength()
    {
        // --strength S was the share S of 60 dB; as a limit it is S × 60 dB, which the engine turns back into S exactly.
        for (int i = 0; i <= 1000; i++)
        {
            float strength = i / 1000f;
            var parsed = DenoiseOptions.Parse(["in.wav", "out.wav", "--strength", strength.ToString("R", System.Globalization.CultureInfo.InvariantCulture)]);
            var enhancer = new PercepNet.Engine.SpeechEnhancer(new PercepNet.Tests.Dsp.UnitGainSource()) { AttenuationLimitDb = parsed.AttenuationLimitDb };
            Assert.Equal(strength * 60.0, enhancer.AttenuationLimitDb);
        }
    }

    [Fact]
    public void Strength_and_attenuation_limit_together_are_refused_with_a_pointer_to_the_new_name()
    {
        var e = Assert.Throws<CliException>(() => DenoiseOptions.Parse(["in.wav", "out.wav", "--strength", "0.5", "--attenuation-limit", "30"]));
        Assert.Equal(ExitCode.Usage, e.ExitCode);
        Assert.Contains("--attenuation-limit", e.Message);
    }

    [Theory]
    [InlineData(new string[0], 1f, 1f)]
    [InlineData(new[] { "--post-filter", "25", "--mix", "80" }, 0.25f, 0.8f)]
    [InlineData(new[] { "--postfilter", "0.25", "--dry-wet", "0.8" }, 0.25f, 0.8f)]
    [InlineData(new[] { "--post-filter", "0", "--mix", "100" }, 0f, 1f)]
    public void Post_filter_and_mix_are_in_percent_as_in_the_plugins_and_the_fractions_are_their_former_names(string[] options, float postFilter, float mix)
    {
        var parsed = DenoiseOptions.Parse(["in.wav", "out.wav", .. options]);
        Assert.Equal(postFilter, parsed.PostFilter);
        Assert.Equal(mix, parsed.DryWet);
    }

    [Fact]
    public void A_percentage_gives_the_share_the_plugin_core_gives_and_its_former_fraction_gave()
    {
        // The plug-in core turns P % into (float)(P / 100.0); the CLI must run the same share, and --postfilter P/100
        // (the former unit) the same float, so scripts and projects keep their sound.
        for (int p = 0; p <= 100; p++)
        {
            string pct = p.ToString(System.Globalization.CultureInfo.InvariantCulture);
            string fraction = (p / 100.0).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            var byPercent = DenoiseOptions.Parse(["in.wav", "out.wav", "--post-filter", pct, "--mix", pct]);
            var byFraction = DenoiseOptions.Parse(["in.wav", "out.wav", "--postfilter", fraction, "--dry-wet", fraction]);
            Assert.Equal((float)(p / 100.0), byPercent.PostFilter);
            Assert.Equal(byPercent.PostFilter, byFraction.PostFilter);
            Assert.Equal(byPercent.DryWet, byFraction.DryWet);
        }
    }

    [Theory]
    [InlineData("--post-filter", "--postfilter")]
    [InlineData("--mix", "--dry-wet")]
    public void A_percentage_and_its_former_fraction_together_are_refused(string option, string former)
    {
        var e = Assert.Throws<CliException>(() => DenoiseOptions.Parse(["in.wav", "out.wav", option, "50", former, "0.5"]));
        Assert.Equal(ExitCode.Usage, e.ExitCode);
        Assert.Contains(option, e.Message);
    }

    [Fact]
    public void Output_named_as_another_format_is_a_usage_error()
    {
        using var dir = new TempDir();
        string input = MakeInput(dir);
        var (code, _, stderr) = Denoise(input, dir.File("out.mp3"));
        Assert.Equal((int)ExitCode.Usage, code);
        Assert.Contains("name it .wav", stderr);
        Assert.False(File.Exists(dir.File("out.mp3")));
    }

    [Fact]
    public void Missing_or_corrupt_model_file_fails_with_the_model_named()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<CliException>(() => ModelLoader.Load(dir.File("missing.pnm")));
        Assert.Equal(ExitCode.ModelError, e.ExitCode);
        Assert.Contains("missing.pnm", e.Message);
        File.WriteAllBytes(dir.File("garbage.pnm"), new byte[1000]);
        e = Assert.Throws<CliException>(() => ModelLoader.Load(dir.File("garbage.pnm")));
        Assert.Equal(ExitCode.ModelError, e.ExitCode);
        Assert.Contains("garbage.pnm", e.Message);
    }

    [Fact]
    public void Model_names_full_and_light_choose_the_built_in_models_and_light_is_the_default()
    {
        var full = ModelLoader.Load("full");
        var light = ModelLoader.Load("light");
        Assert.Equal(ModelLoader.Load(null).WeightCount, light.WeightCount);
        string models = Path.Combine(Inference.ExportedModelFiles.RepositoryRoot(), "models");
        Assert.Equal(PercepNet.Engine.Inference.PercepNetModel.Load(File.ReadAllBytes(Path.Combine(models, "percepnet-light.pnm"))).WeightCount, light.WeightCount);
        Assert.Equal(PercepNet.Engine.Inference.PercepNetModel.Load(File.ReadAllBytes(Path.Combine(models, "percepnet-full.pnm"))).WeightCount, full.WeightCount);
        Assert.True(light.WeightCount * 5 < full.WeightCount, $"light {light.WeightCount} vs full {full.WeightCount} weights");
        // Any other word is a file name, and a missing one says so.
        var e = Assert.Throws<CliException>(() => ModelLoader.Load("lite"));
        Assert.Contains("lite", e.Message);
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int Link(string existing, string newPath);
}
