using System.Buffers.Binary;
using System.Text;
using PercepNet.Cli;
using PercepNet.Cli.Audio;

namespace PercepNet.Tests.Cli;

public class WavRejectionTests
{
    private static byte[] Header(int formatTag, int channels, int rate, int bits, int dataBytes)
    {
        var b = new MemoryStream();
        void Ascii(string s) => b.Write(Encoding.ASCII.GetBytes(s));
        void U32(uint v) { var t = new byte[4]; BinaryPrimitives.WriteUInt32LittleEndian(t, v); b.Write(t); }
        void U16(int v) { var t = new byte[2]; BinaryPrimitives.WriteUInt16LittleEndian(t, (ushort)v); b.Write(t); }
        int blockAlign = channels * Math.Max(1, bits / 8);
        Ascii("RIFF"); U32((uint)(36 + dataBytes)); Ascii("WAVE");
        Ascii("fmt "); U32(16); U16(formatTag); U16(channels); U32((uint)rate); U32((uint)(rate * blockAlign)); U16(blockAlign); U16(bits);
        Ascii("data"); U32((uint)dataBytes);
        b.Write(new byte[dataBytes]);
        return b.ToArray();
    }

    private static string RejectionMessage(byte[] fileBytes, string name = "x.wav")
    {
        using var dir = new TempDir();
        string path = dir.File(name);
        File.WriteAllBytes(path, fileBytes);
        var e = Assert.Throws<CliException>(() => AudioFileReader.Open(path).Dispose());
        Assert.Equal(ExitCode.InputError, e.ExitCode);
        Assert.Contains(path, e.Message);
        return e.Message;
    }

    [Fact]
    public void Empty_file() => Assert.Contains("empty", RejectionMessage([]));

    [Fact]
    public void Eight_bit_pcm() => Assert.Contains("8-bit PCM", RejectionMessage(Header(1, 1, 8000, 8, 100)));

    [Fact]
    public void Adpcm() => Assert.Contains("ADPCM", RejectionMessage(Header(2, 1, 8000, 4, 100)));

    [Fact]
    public void Mu_law() => Assert.Contains("µ-law", RejectionMessage(Header(7, 1, 8000, 8, 100)));

    [Fact]
    public void Header_cut_inside_fmt_chunk() =>
        Assert.Contains("truncated", RejectionMessage(Header(1, 2, 48000, 16, 4000)[..30]));

    [Fact]
    public void Header_cut_before_data_chunk() =>
        Assert.Contains("no 'data' chunk", RejectionMessage(Header(1, 2, 48000, 16, 4000)[..36]));

    [Fact]
    public void Data_shorter_than_declared() =>
        Assert.Contains("truncated", RejectionMessage(Header(1, 2, 48000, 16, 4000)[..1000]));

    [Fact]
    public void Text_file_named_wav() =>
        Assert.Contains("not a WAV file", RejectionMessage(Encoding.UTF8.GetBytes("just some notes, not audio\n")));

    [Fact]
    public void Flac_says_flac() =>
        Assert.Contains("FLAC", RejectionMessage([.. "fLaC"u8, .. new byte[60]], "x.flac"));

    [Fact]
    public void Riff_that_is_not_wave() =>
        Assert.Contains("'AVI '", RejectionMessage([.. "RIFF"u8, 4, 0, 0, 0, .. "AVI "u8, 0, 0, 0, 0]));

    [Fact]
    public void Missing_file_and_directory_get_input_errors()
    {
        using var dir = new TempDir();
        Assert.Equal(ExitCode.InputError, Assert.Throws<CliException>(() => AudioFileReader.Open(dir.File("nope.wav"))).ExitCode);
        Assert.Contains("directory", Assert.Throws<CliException>(() => AudioFileReader.Open(dir.Path)).Message);
    }

    [Fact]
    public void Wav_with_a_wrong_extension_is_read_by_content()
    {
        using var dir = new TempDir();
        var format = new AudioFormat(16000, 1, SampleEncoding.Pcm16);
        var signal = TestAudio.QuantizedTo(TestAudio.Speechlike(16000, 1, 0.2), format.Encoding);
        string path = dir.File("actually-a-wav.mp3");
        TestAudio.WriteWav(path, signal, format);
        using var reader = AudioFileReader.Open(path);
        Assert.IsType<WavReader>(reader);
        Assert.Equal(signal, TestAudio.ReadAll(reader));
    }
}
