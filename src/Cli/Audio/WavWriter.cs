using System.Buffers.Binary;
using System.Text;

namespace PercepNet.Cli.Audio;

/// <summary>
/// Streaming WAV writer. Starts as plain RIFF with a 28-byte JUNK chunk reserved after the 'WAVE' id; when the
/// file or its data outgrow 32-bit sizes it becomes RF64 by turning that JUNK into 'ds64' in place (EBU Tech 3306),
/// so a writer never needs to know the final length up front. Extra chunks go before or after the data chunk,
/// where the source had them.
/// </summary>
public sealed class WavWriter : IAudioWriter
{
    private const int Ds64BodyBytes = 28; // riff size, data size, sample count (u64 each), table length (u32)
    private const long JunkChunkOffset = 12;

    private readonly Stream _stream;
    private readonly AudioFormat _format;
    private readonly IReadOnlyList<WavChunk> _chunks;
    private readonly TpdfDither? _dither;
    private readonly long _dataSizeFieldOffset;
    private readonly long _dataOffset;
    private long _dataBytes;
    private byte[] _byteBuffer = [];
    private bool _completed;

    /// <summary>Sizes above this switch the header to RF64; lowered only by tests to exercise RF64 on small files.</summary>
    internal long MaxRiffSize { get; init; } = uint.MaxValue;

    public long ClippedSamples { get; private set; }
    public long FramesWritten => _dataBytes / _format.BlockAlign;

    /// <param name="dither">TPDF dither applied when encoding to PCM16/24; null writes plain rounding.</param>
    public WavWriter(Stream stream, AudioFormat format, IReadOnlyList<WavChunk>? extraChunks = null, TpdfDither? dither = null)
    {
        if (!stream.CanSeek) throw new ArgumentException("WAV writing needs a seekable stream", nameof(stream));
        _stream = stream;
        _format = format;
        _chunks = extraChunks ?? [];
        _dither = format.Encoding.NeedsDither() ? dither : null;

        var header = new MemoryStream();
        WriteAscii(header, "RIFF");
        WriteUInt32(header, 0);
        WriteAscii(header, "WAVE");
        WriteAscii(header, "JUNK");
        WriteUInt32(header, Ds64BodyBytes);
        header.Write(new byte[Ds64BodyBytes]);
        WriteFormatChunk(header, format);
        foreach (var chunk in _chunks.Where(c => !c.AfterData)) WriteChunk(header, chunk);
        WriteAscii(header, "data");
        _dataSizeFieldOffset = header.Length;
        WriteUInt32(header, 0);
        _dataOffset = header.Length;
        stream.Write(header.GetBuffer(), 0, (int)header.Length);
    }

    /// <summary>Writes interleaved frames (length a multiple of Channels).</summary>
    public void Write(ReadOnlySpan<float> interleaved)
    {
        if (_completed) throw new InvalidOperationException("the WAV file is already complete");
        int byteCount = interleaved.Length * _format.Encoding.BytesPerSample();
        if (_byteBuffer.Length < byteCount) _byteBuffer = new byte[byteCount];
        ClippedSamples += SampleCodec.Encode(interleaved, _format.Encoding, _byteBuffer.AsSpan(0, byteCount), _dither);
        _stream.Write(_byteBuffer, 0, byteCount);
        _dataBytes += byteCount;
    }

    /// <summary>Writes the trailing chunks and the final sizes. Without it the file is incomplete (sizes 0).</summary>
    public void Complete()
    {
        if (_completed) return;
        _completed = true;
        if ((_dataBytes & 1) != 0) _stream.WriteByte(0);
        foreach (var chunk in _chunks.Where(c => c.AfterData)) WriteChunk(_stream, chunk);
        long riffSize = _stream.Position - 8;
        long frames = FramesWritten;
        _stream.Flush();

        Span<byte> u32 = stackalloc byte[4];
        if (riffSize <= MaxRiffSize && _dataBytes <= MaxRiffSize)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(u32, (uint)riffSize);
            WriteAt(4, u32);
            BinaryPrimitives.WriteUInt32LittleEndian(u32, (uint)_dataBytes);
            WriteAt(_dataSizeFieldOffset, u32);
        }
        else
        {
            WriteAt(0, "RF64"u8);
            BinaryPrimitives.WriteUInt32LittleEndian(u32, uint.MaxValue);
            WriteAt(4, u32);
            WriteAt(_dataSizeFieldOffset, u32);
            Span<byte> ds64 = stackalloc byte[8 + Ds64BodyBytes];
            "ds64"u8.CopyTo(ds64);
            BinaryPrimitives.WriteUInt32LittleEndian(ds64[4..], Ds64BodyBytes);
            BinaryPrimitives.WriteInt64LittleEndian(ds64[8..], riffSize);
            BinaryPrimitives.WriteInt64LittleEndian(ds64[16..], _dataBytes);
            BinaryPrimitives.WriteInt64LittleEndian(ds64[24..], frames);
            BinaryPrimitives.WriteUInt32LittleEndian(ds64[32..], 0);
            WriteAt(JunkChunkOffset, ds64);
        }
        _stream.Seek(0, SeekOrigin.End);
        _stream.Flush();
    }

    /// <summary>Nothing to release: the stream belongs to the caller.</summary>
    public void Dispose() { }

    private void WriteAt(long offset, ReadOnlySpan<byte> bytes)
    {
        _stream.Position = offset;
        _stream.Write(bytes);
    }

    private static void WriteFormatChunk(Stream s, AudioFormat f)
    {
        int bits = f.Encoding.BitsPerSample();
        int tag = f.Encoding.IsFloat() ? 3 : 1;
        // EXTENSIBLE only where plain headers are ambiguous (more than two channels, or a speaker mask to keep).
        bool extensible = f.Channels > 2 || f.ChannelMask != 0;
        WriteAscii(s, "fmt ");
        WriteUInt32(s, extensible ? 40u : f.Encoding.IsFloat() ? 18u : 16u);
        WriteUInt16(s, extensible ? 0xFFFE : tag);
        WriteUInt16(s, f.Channels);
        WriteUInt32(s, (uint)f.SampleRate);
        WriteUInt32(s, (uint)(f.SampleRate * f.BlockAlign));
        WriteUInt16(s, f.BlockAlign);
        WriteUInt16(s, bits);
        if (extensible)
        {
            WriteUInt16(s, 22);
            WriteUInt16(s, bits);
            WriteUInt32(s, f.ChannelMask);
            WriteUInt16(s, tag);
            s.Write([0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71]);
        }
        else if (f.Encoding.IsFloat())
        {
            WriteUInt16(s, 0);
        }
    }

    private static void WriteChunk(Stream s, WavChunk chunk)
    {
        WriteAscii(s, chunk.Id);
        WriteUInt32(s, (uint)chunk.Data.Length);
        s.Write(chunk.Data);
        if ((chunk.Data.Length & 1) != 0) s.WriteByte(0);
    }

    private static void WriteAscii(Stream s, string text) => s.Write(Encoding.ASCII.GetBytes(text));

    private static void WriteUInt32(Stream s, uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        s.Write(b);
    }

    private static void WriteUInt16(Stream s, int value)
    {
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)value);
        s.Write(b);
    }
}
