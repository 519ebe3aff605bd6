using System.Text;
using NAudio.Wave;
using PercepNet.Cli.Audio;

namespace PercepNet.Tests.Cli;

public class WavRoundTripTests
{
    [Theory]
    [InlineData(SampleEncoding.Pcm16, 1, 16000)]
    [InlineData(SampleEncoding.Pcm24, 2, 44100)]
    [InlineData(SampleEncoding.Pcm32, 2, 48000)]
    [InlineData(SampleEncoding.Float32, 1, 96000)]
    [InlineData(SampleEncoding.Float64, 2, 22050)]
    [InlineData(SampleEncoding.Pcm24, 6, 48000)] // written as WAVE_FORMAT_EXTENSIBLE
    public void Written_samples_read_back_exactly_and_NAudio_agrees(SampleEncoding encoding, int channels, int rate)
    {
        using var dir = new TempDir();
        var format = new AudioFormat(rate, channels, encoding, channels > 2 ? 0x3Fu : 0u);
        var signal = TestAudio.QuantizedTo(TestAudio.Speechlike(rate, channels, 0.5), encoding);
        string path = dir.File("x.wav");
        TestAudio.WriteWav(path, signal, format);

        var back = TestAudio.ReadWav(path, out var readFormat);
        Assert.Equal(format, readFormat);
        Assert.Equal(signal, back);

        using var naudio = new WaveFileReader(path);
        Assert.Equal(rate, naudio.WaveFormat.SampleRate);
        Assert.Equal(channels, naudio.WaveFormat.Channels);
        Assert.Equal(encoding.BitsPerSample(), naudio.WaveFormat.BitsPerSample);
        Assert.Equal(signal.Length / channels, naudio.SampleCount);
        if (channels > 2)
        {
            // NAudio parses WAVE_FORMAT_EXTENSIBLE but has no sample provider for it: compare the data bytes it finds.
            Assert.Equal(WaveFormatEncoding.Extensible, naudio.WaveFormat.Encoding);
            var raw = new byte[naudio.Length];
            Assert.Equal(raw.Length, naudio.Read(raw, 0, raw.Length));
            var decoded = new float[signal.Length];
            SampleCodec.Decode(raw, encoding, decoded);
            Assert.Equal(signal, decoded);
        }
        else if (encoding != SampleEncoding.Float64) // NAudio's sample provider has no 64-bit float path
        {
            var provider = naudio.ToSampleProvider();
            var viaNaudio = new float[signal.Length];
            Assert.Equal(signal.Length, provider.Read(viaNaudio, 0, viaNaudio.Length));
            for (int i = 0; i < signal.Length; i++) Assert.Equal(signal[i], viaNaudio[i], 1e-6f);
        }
    }

    [Fact]
    public void Rf64_header_is_written_when_sizes_exceed_32_bits_and_reads_back()
    {
        using var dir = new TempDir();
        var format = new AudioFormat(48000, 2, SampleEncoding.Pcm16);
        var signal = TestAudio.QuantizedTo(TestAudio.Speechlike(48000, 2, 0.3), format.Encoding);
        string path = dir.File("big.wav");
        using (var stream = File.Create(path))
        {
            // The real threshold is 4 GiB; lowering it exercises the same ds64 rewrite on a small file.
            var writer = new WavWriter(stream, format, [new WavChunk("bext", new byte[602], false)]) { MaxRiffSize = 1000 };
            writer.Write(signal);
            writer.Complete();
        }
        var bytes = File.ReadAllBytes(path);
        Assert.Equal("RF64", Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.Equal(uint.MaxValue, BitConverter.ToUInt32(bytes, 4));
        Assert.Equal("ds64", Encoding.ASCII.GetString(bytes, 12, 4));
        Assert.Equal(bytes.Length - 8, BitConverter.ToInt64(bytes, 20));
        Assert.Equal(signal.Length * 2L, BitConverter.ToInt64(bytes, 28));
        Assert.Equal(signal.Length / 2L, BitConverter.ToInt64(bytes, 36));

        using var reader = WavReader.Open(path);
        Assert.Equal(signal.Length / 2, reader.FrameCount);
        Assert.Equal(signal, TestAudio.ReadAll(reader));
        Assert.Equal("bext", Assert.Single(reader.ExtraChunks).Id);
    }

    [Fact]
    public void BW64_id_is_read_like_RF64()
    {
        using var dir = new TempDir();
        var format = new AudioFormat(48000, 1, SampleEncoding.Float32);
        var signal = TestAudio.Speechlike(48000, 1, 0.2);
        string path = dir.File("bw.wav");
        using (var stream = File.Create(path))
        {
            var writer = new WavWriter(stream, format) { MaxRiffSize = 100 };
            writer.Write(signal);
            writer.Complete();
        }
        var bytes = File.ReadAllBytes(path);
        Encoding.ASCII.GetBytes("BW64").CopyTo(bytes, 0);
        File.WriteAllBytes(path, bytes);
        Assert.Equal(signal, TestAudio.ReadWav(path, out _));
    }

    [Fact]
    public void Unknown_chunks_keep_their_bytes_and_their_side_of_the_data_chunk()
    {
        using var dir = new TempDir();
        var bext = new WavChunk("bext", Enumerable.Range(0, 603).Select(i => (byte)i).ToArray(), AfterData: false);
        var ixml = new WavChunk("iXML", Encoding.UTF8.GetBytes("<BWFXML><PROJECT>take 7</PROJECT></BWFXML>"), AfterData: false);
        var list = new WavChunk("LIST", Encoding.ASCII.GetBytes("INFOICMT\u0005\0\0\0hello\0"), AfterData: true);
        var format = new AudioFormat(44100, 2, SampleEncoding.Pcm24);
        var signal = TestAudio.QuantizedTo(TestAudio.Speechlike(44100, 2, 0.25), format.Encoding);
        string path = dir.File("bwf.wav");
        TestAudio.WriteWav(path, signal, format, [bext, ixml, list]);

        using var reader = WavReader.Open(path);
        Assert.Equal(["bext", "iXML", "LIST"], reader.ExtraChunks.Select(c => c.Id));
        Assert.Equal(bext.Data, reader.ExtraChunks[0].Data);  // odd length: pad byte not part of the chunk
        Assert.Equal(ixml.Data, reader.ExtraChunks[1].Data);
        Assert.True(reader.ExtraChunks[2].AfterData);
        Assert.False(reader.ExtraChunks[0].AfterData);
        Assert.Equal(signal, TestAudio.ReadAll(reader));
    }

    [Fact]
    public void Tpdf_dither_keeps_sub_LSB_detail_that_plain_rounding_loses()
    {
        // A 0.3-LSB offset: rounding erases it, dither keeps it on average (the point of dither).
        var x = Enumerable.Repeat(0.3f / 32768f, 200_000).ToArray();
        var rounded = new byte[x.Length * 2];
        var dithered = new byte[x.Length * 2];
        SampleCodec.Encode(x, SampleEncoding.Pcm16, rounded, null);
        SampleCodec.Encode(x, SampleEncoding.Pcm16, dithered, new TpdfDither(7));
        double MeanLsb(byte[] b) => Enumerable.Range(0, x.Length).Average(i => (double)BitConverter.ToInt16(b, 2 * i));
        Assert.Equal(0.0, MeanLsb(rounded));
        Assert.InRange(MeanLsb(dithered), 0.28, 0.32);
    }

    [Fact]
    public void Samples_beyond_full_scale_are_clamped_and_counted()
    {
        float[] x = [0.5f, 1.5f, -2f, -1f, 0.99f];
        var bytes = new byte[x.Length * 2];
        Assert.Equal(2, SampleCodec.Encode(x, SampleEncoding.Pcm16, bytes, null));
        Assert.Equal(short.MaxValue, BitConverter.ToInt16(bytes, 2));
        Assert.Equal(short.MinValue, BitConverter.ToInt16(bytes, 4));
    }
}
