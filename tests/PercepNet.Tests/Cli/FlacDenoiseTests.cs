using PercepNet.Cli;
using PercepNet.Cli.Audio;
using PercepNet.Cli.Audio.Flac;
using PercepNet.Cli.Denoise;
using PercepNet.Cli.Files;

namespace PercepNet.Tests.Cli;

/// <summary>
/// <c>percepnet denoise</c> with FLAC in and out, on real recordings from shared/data. Inputs are made and outputs
/// checked with the reference `flac`/`metaflac` tools, so neither side of the round trip is judged by our own code
/// alone. The network runs for real where the audio matters; the delay-and-gain stand-in where only the file path does.
/// </summary>
public class FlacDenoiseTests
{
    private static readonly string[] Tags = ["TITLE=Episode 12: Noise", "ARTIST=Alice", "ARTIST=Bob", "COMMENT=Ünïcode ✓ = fine"];

    private static (int Code, string Out, string Err) Run(Func<DenoiseOptions, ChannelEnhancerFactory> enhancer, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = DenoiseCommand.Run([.. args, "--no-progress"], stdout, stderr, enhancer, null, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static (int Code, string Out, string Err) RunEngine(params string[] args) => Run(EngineChannelEnhancer.CreateFactory, args);

    private static (int Code, string Out, string Err) RunHalfGain(params string[] args) => Run(_ => DelayingGain.Factory(0.5f), args);

    /// <summary>A real 16-bit 16 kHz mono FLAC from shared/data, copied with our test tags added by metaflac.</summary>
    private static string RealFlac16(TempDir dir, string name = "speech16.flac")
    {
        string path = dir.File(name);
        File.Copy(RealRecordings.PathOf(RealRecordings.Speech16k), path);
        FlacTool.Run("metaflac", ["--remove-all-tags", .. Tags.Select(t => "--set-tag=" + t), path]);
        return path;
    }

    /// <summary>Real noisy speech as a 24-bit stereo 48 kHz FLAC, encoded by the reference encoder with the test tags.</summary>
    private static string RealFlac24(TempDir dir, string name = "noisy24.flac")
    {
        var format = new AudioFormat(48000, 2, SampleEncoding.Pcm24);
        string wav = dir.File(name + ".src.wav");
        TestAudio.WriteWav(wav, TestAudio.QuantizedTo(RealRecordings.NoisyStereoSpeech(dir), format.Encoding), format);
        string path = dir.File(name);
        FlacTool.Encode(wav, path, Tags);
        File.Delete(wav);
        return path;
    }

    private static void AssertNothingWritten(TempDir dir, string output)
    {
        Assert.False(File.Exists(output), $"{output} was written");
        Assert.Empty(Directory.GetFiles(dir.Path, "*" + AtomicFileWriter.TempSuffix, SearchOption.AllDirectories));
    }

    [SharedDataTheory]
    [InlineData(16)]
    [InlineData(24)]
    public void Round_trip_keeps_depth_rate_channels_length_and_comments(int bits)
    {
        using var dir = new TempDir();
        string input = bits == 16 ? RealFlac16(dir) : RealFlac24(dir);
        var before = FlacTool.StreamInfo(input);
        string output = dir.File("out.flac");

        var (code, _, stderr) = RunEngine(input, output);
        Assert.True(code == 0, stderr);

        // Judged by the reference tools: STREAMINFO, tags, and a decode that checks every CRC and the MD5.
        Assert.Equal(before, FlacTool.StreamInfo(output));
        Assert.Equal(bits, before.Bits);
        Assert.Equal(Tags, FlacTool.Tags(output));
        FlacTool.Decode(output, dir.File("out.ref.wav"));
        var processed = TestAudio.ReadWav(dir.File("out.ref.wav"), out _);
        FlacTool.Decode(input, dir.File("in.ref.wav"));
        var original = TestAudio.ReadWav(dir.File("in.ref.wav"), out _);
        Assert.Equal(original.Length, processed.Length);
        Assert.NotEqual(original, processed); // the network ran: this is not a copy

        // And by our reader, which must agree with the reference decoder sample for sample.
        using var reader = AudioFileReader.Open(output);
        Assert.IsType<FlacReader>(reader);
        Assert.Equal(bits == 16 ? SampleEncoding.Pcm16 : SampleEncoding.Pcm24, reader.Format.Encoding);
        Assert.Equal(Tags, reader.Comments.Entries);
        Assert.Equal(processed, TestAudio.ReadAll(reader));
    }

    [SharedDataFact]
    public void Flac_output_holds_the_samples_of_the_wav_output_for_the_same_input()
    {
        using var dir = new TempDir();
        string flacIn = RealFlac24(dir);
        FlacTool.Decode(flacIn, dir.File("in.wav"));

        Assert.Equal(0, RunEngine(flacIn, dir.File("out.flac")).Code);
        Assert.Equal(0, RunEngine(dir.File("in.wav"), dir.File("out.wav")).Code);

        FlacTool.Decode(dir.File("out.flac"), dir.File("out.flac.wav"));
        var viaFlac = TestAudio.ReadWav(dir.File("out.flac.wav"), out var flacFormat);
        var viaWav = TestAudio.ReadWav(dir.File("out.wav"), out var wavFormat);
        Assert.Equal(wavFormat.Encoding, flacFormat.Encoding);
        Assert.Equal(viaWav, viaFlac); // same engine, same dither sequence: identical samples
    }

    [SharedDataFact]
    public void Flac_decodes_to_the_samples_the_reference_decoder_gives()
    {
        using var dir = new TempDir();
        var reference = RealRecordings.Decode(dir, RealRecordings.Speech48k, out var format);
        using var reader = AudioFileReader.Open(RealRecordings.PathOf(RealRecordings.Speech48k));
        Assert.Equal(format with { ChannelMask = 0 }, reader.Format);
        Assert.Equal(reference.Length / format.Channels, reader.FrameCount);
        Assert.Equal(reference, TestAudio.ReadAll(reader));
    }

    [SharedDataFact]
    public void A_batch_of_wav_flac_and_mp3_keeps_each_flac_as_flac()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("in/show"));
        RealFlac16(dir, "in/show/speech16.flac");
        RealFlac24(dir, "in/show/noisy24.FLAC");
        var wavFormat = new AudioFormat(44100, 2, SampleEncoding.Pcm16);
        TestAudio.WriteWav(dir.File("in/host.wav"), TestAudio.QuantizedTo(TestAudio.Speechlike(44100, 2, 0.5), wavFormat.Encoding), wavFormat);
        File.Copy(FixturePath("tone-440L-660R-44k.mp3"), dir.File("in/jingle.mp3"));

        var (code, stdout, stderr) = RunHalfGain("--batch", dir.File("in"), dir.File("out"));
        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("4 done, 0 skipped (already done), 0 failed", stderr);

        foreach (var name in new[] { "show/speech16.flac", "show/noisy24.FLAC" })
        {
            string input = Path.Combine(dir.File("in"), name), output = Path.Combine(dir.File("out"), name);
            Assert.Equal(FlacTool.StreamInfo(input), FlacTool.StreamInfo(output));
            Assert.Equal(Tags, FlacTool.Tags(output));
            // 0.5 × input, aligned, within one LSB of dither and rounding.
            using var i = AudioFileReader.Open(input);
            using var o = AudioFileReader.Open(output);
            var x = TestAudio.ReadAll(i);
            var y = TestAudio.ReadAll(o);
            double lsb = 1.0 / (1 << (FlacTool.StreamInfo(input).Bits - 1));
            Assert.Equal(x.Length, y.Length);
            for (int k = 0; k < x.Length; k++) Assert.True(Math.Abs(y[k] - 0.5 * x[k]) <= 1.5 * lsb, $"{name} sample {k}");
        }
        TestAudio.ReadWav(dir.File("out/host.wav"), out var hostFormat);
        Assert.Equal(wavFormat, hostFormat);
        Assert.True(File.Exists(dir.File("out/jingle.wav"))); // MP3 becomes WAV, as before
    }

    private static string FixturePath(string name, [System.Runtime.CompilerServices.CallerFilePath] string source = "") =>
        Path.Combine(Path.GetDirectoryName(source)!, "Fixtures", name);

    [SharedDataTheory]
    [InlineData(0.6, "truncated")]   // cut inside the audio frames
    [InlineData(0.0, "truncated")]   // cut inside the header (first 30 bytes)
    public void A_truncated_flac_is_refused_with_a_clear_error_and_nothing_is_written(double keep, string expected)
    {
        using var dir = new TempDir();
        string whole = RealFlac24(dir);
        byte[] bytes = File.ReadAllBytes(whole);
        string input = dir.File("cut.flac");
        File.WriteAllBytes(input, bytes[..(keep == 0 ? 30 : (int)(bytes.Length * keep))]);
        string output = dir.File("out.flac");

        var (code, _, stderr) = RunHalfGain(input, output);
        Assert.Equal((int)ExitCode.InputError, code);
        Assert.Contains(input, stderr);
        Assert.Contains(expected, stderr);
        AssertNothingWritten(dir, output);
    }

    [SharedDataFact]
    public void A_corrupt_flac_is_refused_with_a_clear_error_and_nothing_is_written()
    {
        using var dir = new TempDir();
        string input = RealFlac16(dir);
        byte[] bytes = File.ReadAllBytes(input);
        for (int i = bytes.Length / 2; i < bytes.Length / 2 + 64; i++) bytes[i] ^= 0x5A; // damage inside the audio
        File.WriteAllBytes(input, bytes);
        string output = dir.File("out.wav");

        var (code, _, stderr) = RunHalfGain(input, output);
        Assert.Equal((int)ExitCode.InputError, code);
        Assert.Contains(input, stderr);
        Assert.Contains("corrupt FLAC", stderr);
        AssertNothingWritten(dir, output);
    }

    [SharedDataFact]
    public void A_bad_flac_in_a_batch_fails_alone()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("in"));
        RealFlac16(dir, "in/good.flac");
        byte[] whole = File.ReadAllBytes(dir.File("in/good.flac"));
        File.WriteAllBytes(dir.File("in/cut.flac"), whole[..(whole.Length / 2)]);

        var (code, _, stderr) = RunHalfGain("--batch", dir.File("in"), dir.File("out"));
        Assert.Equal((int)ExitCode.SomeFilesFailed, code);
        Assert.Contains("cut.flac: the file is truncated", stderr);
        Assert.Contains("1 done, 0 skipped (already done), 1 failed", stderr);
        Assert.True(File.Exists(dir.File("out/good.flac")));
        AssertNothingWritten(dir, dir.File("out/cut.flac"));
    }

    [SharedDataFact]
    public void Disk_full_while_encoding_flac_fails_cleanly_and_keeps_the_previous_output()
    {
        using var dir = new TempDir();
        string input = RealFlac24(dir);
        File.WriteAllText(dir.File("out.flac"), "previous result");
        var fullDisk = new AtomicFileWriter(path => new DiskFullStream(File.Create(path), capacity: 50_000));
        var stderr = new StringWriter();
        int code = DenoiseCommand.Run([input, dir.File("out.flac"), "--force", "--no-progress"], new StringWriter(), stderr,
            _ => DelayingGain.Factory(0.5f), fullDisk, CancellationToken.None);
        Assert.Equal((int)ExitCode.OutputError, code);
        Assert.Contains("No space left on device", stderr.ToString());
        Assert.Equal("previous result", File.ReadAllText(dir.File("out.flac")));
        Assert.Empty(Directory.GetFiles(dir.Path, "*" + AtomicFileWriter.TempSuffix));
    }

    [Fact]
    public void A_float_format_for_a_flac_output_is_a_usage_error_and_float_input_becomes_24_bit()
    {
        using var dir = new TempDir();
        var floatFormat = new AudioFormat(48000, 1, SampleEncoding.Float32);
        TestAudio.WriteWav(dir.File("in.wav"), TestAudio.Speechlike(48000, 1, 0.5), floatFormat);

        var (code, _, stderr) = RunHalfGain(dir.File("in.wav"), dir.File("out.flac"), "--format", "float32");
        Assert.Equal((int)ExitCode.Usage, code);
        Assert.Contains("pcm16 or pcm24", stderr);
        AssertNothingWritten(dir, dir.File("out.flac"));

        Assert.Equal(0, RunHalfGain(dir.File("in.wav"), dir.File("out.flac")).Code);
        Assert.Equal(24, FlacTool.StreamInfo(dir.File("out.flac")).Bits);
        Assert.Equal(0, RunHalfGain(dir.File("in.wav"), dir.File("out16.flac"), "--format", "pcm16").Code);
        Assert.Equal(16, FlacTool.StreamInfo(dir.File("out16.flac")).Bits);
    }
}
