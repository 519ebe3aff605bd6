using System.Runtime.CompilerServices;
using PercepNet.Cli.Audio;
using PercepNet.Cli.Denoise;

namespace PercepNet.Tests.Cli;

/// <summary>MP3 (NLayer) and Ogg Vorbis (NVorbis) decoding, on small generated fixtures (Fixtures/README.md).</summary>
public class CompressedInputTests
{
    private static string Fixture(string name, [CallerFilePath] string source = "") =>
        Path.Combine(Path.GetDirectoryName(source)!, "Fixtures", name);

    [Theory]
    [InlineData("tone-440L-660R-44k.mp3", typeof(Mp3Reader))]
    [InlineData("tone-440L-660R-44k.ogg", typeof(OggVorbisReader))]
    public void Decodes_the_tones_at_the_right_rate_length_and_pitch(string name, Type readerType)
    {
        using var reader = AudioFileReader.Open(Fixture(name));
        Assert.IsType(readerType, reader);
        Assert.Equal(new AudioFormat(44100, 2, SampleEncoding.Float32), reader.Format);
        var x = TestAudio.ReadAll(reader);
        int frames = x.Length / 2;
        Assert.InRange(frames, 44100, 44100 + 2 * 1152); // MP3 adds encoder delay and frame padding
        // Left holds 440 Hz, right 660 Hz, each at 0.5: measured by correlation away from the edges.
        double Amplitude(int channel, double f)
        {
            double re = 0, im = 0;
            int from = 4410, to = frames - 4410;
            for (int i = from; i < to; i++)
            {
                re += x[2 * i + channel] * Math.Cos(2 * Math.PI * f * i / 44100);
                im += x[2 * i + channel] * Math.Sin(2 * Math.PI * f * i / 44100);
            }
            return 2 * Math.Sqrt(re * re + im * im) / (to - from);
        }
        Assert.InRange(Amplitude(0, 440), 0.47, 0.53);
        Assert.InRange(Amplitude(1, 660), 0.47, 0.53);
        Assert.InRange(Amplitude(0, 660), 0, 0.02);
        Assert.InRange(Amplitude(1, 440), 0, 0.02);
    }

    [Fact]
    public void Batch_turns_compressed_inputs_into_float_wavs_of_the_decoded_length()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("in"));
        File.Copy(Fixture("tone-440L-660R-44k.mp3"), dir.File("in/a.mp3"));
        File.Copy(Fixture("tone-440L-660R-44k.ogg"), dir.File("in/b.ogg"));
        var stderr = new StringWriter();
        int code = DenoiseCommand.Run(["--batch", dir.File("in"), dir.File("out"), "--no-progress"], new StringWriter(), stderr,
            _ => DelayingGain.Factory(1f), null, CancellationToken.None);
        Assert.True(code == 0, stderr.ToString());
        foreach (var (input, output) in new[] { ("a.mp3", "a.wav"), ("b.ogg", "b.wav") })
        {
            using var decoded = AudioFileReader.Open(dir.File("in/" + input));
            var expected = TestAudio.ReadAll(decoded);
            var written = TestAudio.ReadWav(dir.File("out/" + output), out var format);
            Assert.Equal(SampleEncoding.Float32, format.Encoding);
            Assert.Equal(expected, written);
        }
    }
}
