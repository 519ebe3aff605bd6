using System.Buffers.Binary;
using System.Text;

namespace PercepNet.Cli.Audio;

/// <summary>
/// Streaming WAV reader with its own chunk parser: RIFF, RF64 and BW64 (64-bit sizes from ds64, for files over
/// 4 GB), PCM 16/24/32 and float 32/64, plain or WAVE_FORMAT_EXTENSIBLE. Chunks it does not interpret are kept in
/// <see cref="ExtraChunks"/>. NAudio's WaveFileReader reads RF64 too, but does not keep chunk order around the
/// data chunk and cannot write RF64, so the parser and writer are ours and NAudio serves as a cross-check in tests.
/// </summary>
public sealed class WavReader : IAudioReader
{
    private const int MaxKeptChunkBytes = 16 << 20; // a chunk bigger than this is metadata we drop, not load

    // KSDATAFORMAT_SUBTYPE_* GUIDs share these 14 bytes after the 2-byte format tag.
    private static readonly byte[] SubformatGuidTail =
        [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private readonly long _dataOffset;
    private readonly long _dataBytes;
    private long _dataBytesRead;
    private byte[] _byteBuffer = [];

    public AudioFormat Format { get; }
    public long FrameCount { get; }
    public IReadOnlyList<WavChunk> ExtraChunks { get; }

    /// <summary>Non-fatal oddities (dropped oversized chunks, trailing garbage), for the user's information.</summary>
    public IReadOnlyList<string> Warnings { get; }

    public static WavReader Open(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        try { return new WavReader(stream, ownsStream: true); }
        catch { stream.Dispose(); throw; }
    }

    /// <param name="stream">Must be seekable: chunks after the data chunk are read up front.</param>
    public WavReader(Stream stream, bool ownsStream = false)
    {
        if (!stream.CanSeek) throw new ArgumentException("WAV reading needs a seekable stream", nameof(stream));
        _stream = stream;
        _ownsStream = ownsStream;
        var chunks = new List<WavChunk>();
        var warnings = new List<string>();
        long length = stream.Length;
        if (length == 0) throw new AudioFormatException("the file is empty (0 bytes)");

        Span<byte> header = stackalloc byte[12];
        if (length < 12 || !TryReadExactly(stream, header))
            throw new AudioFormatException($"not a WAV file: only {length} bytes, too short for a RIFF header");
        string riffId = Encoding.ASCII.GetString(header[..4]);
        string formId = Encoding.ASCII.GetString(header[8..12]);
        bool is64 = riffId is "RF64" or "BW64";
        if (riffId == "RIFX")
            throw new AudioFormatException("big-endian WAV (RIFX) is not supported");
        if (riffId != "RIFF" && !is64)
            throw new AudioFormatException(DescribeNonWav(header));
        if (formId != "WAVE")
            throw new AudioFormatException($"not a WAV file: RIFF form type is '{Printable(formId)}', expected 'WAVE'");

        long? ds64DataSize = null;
        AudioFormat? format = null;
        long dataOffset = -1, dataBytes = 0;
        Span<byte> chunkHeader = stackalloc byte[8];
        long position = 12;
        while (position + 8 <= length)
        {
            stream.Position = position;
            if (!TryReadExactly(stream, chunkHeader)) break;
            string id = Encoding.ASCII.GetString(chunkHeader[..4]);
            long size = BinaryPrimitives.ReadUInt32LittleEndian(chunkHeader[4..]);
            long bodyStart = position + 8;
            if (!IsPlausibleChunkId(chunkHeader[..4]))
            {
                if (dataOffset < 0) throw new AudioFormatException($"corrupt WAV: unreadable chunk header at byte {position}");
                warnings.Add($"ignored {length - position} bytes of trailing garbage after the audio");
                break;
            }

            if (id == "ds64")
            {
                if (!is64) warnings.Add("ignored a ds64 chunk in a plain RIFF file");
                else ds64DataSize = ReadDs64DataSize(stream, size);
            }
            else if (id == "fmt ")
            {
                format = ParseFormat(ReadBody(stream, id, size, bodyStart, length));
            }
            else if (id == "data")
            {
                if (is64 && size == uint.MaxValue)
                    size = ds64DataSize ?? throw new AudioFormatException("corrupt RF64: data size refers to a missing ds64 chunk");
                dataOffset = bodyStart;
                dataBytes = size;
                if (bodyStart + size > length)
                    throw new AudioFormatException(
                        $"the file is truncated: the data chunk declares {size} bytes but only {length - bodyStart} are present");
            }
            else if (id is "JUNK" or "junk" or "PAD " or "FLLR" or "fact")
            {
                // Padding is regenerated by the writer; 'fact' only restates the sample count, which changes.
            }
            else if (size > MaxKeptChunkBytes)
            {
                warnings.Add($"dropped the '{Printable(id)}' chunk ({size} bytes): larger than {MaxKeptChunkBytes >> 20} MiB");
            }
            else
            {
                chunks.Add(new WavChunk(id, ReadBody(stream, id, size, bodyStart, length), AfterData: dataOffset >= 0));
            }
            position = bodyStart + size + (size & 1);
        }

        if (format is null)
            throw new AudioFormatException(dataOffset < 0 ? "the file is truncated: no 'fmt ' or 'data' chunk" : "corrupt WAV: no 'fmt ' chunk");
        if (dataOffset < 0)
            throw new AudioFormatException("the file is truncated: no 'data' chunk after the header");
        if (dataBytes % format.BlockAlign != 0)
            warnings.Add($"the data chunk ends with a partial frame ({dataBytes % format.BlockAlign} bytes ignored)");

        Format = format;
        _dataOffset = dataOffset;
        _dataBytes = dataBytes - dataBytes % format.BlockAlign;
        FrameCount = _dataBytes / format.BlockAlign;
        ExtraChunks = chunks;
        Warnings = warnings;
        stream.Position = _dataOffset;
    }

    public int Read(Span<float> interleaved)
    {
        int channels = Format.Channels;
        long framesLeft = (_dataBytes - _dataBytesRead) / Format.BlockAlign;
        int frames = (int)Math.Min(interleaved.Length / channels, framesLeft);
        if (frames <= 0) return 0;
        int byteCount = frames * Format.BlockAlign;
        if (_byteBuffer.Length < byteCount) _byteBuffer = new byte[byteCount];
        _stream.Position = _dataOffset + _dataBytesRead;
        if (!TryReadExactly(_stream, _byteBuffer.AsSpan(0, byteCount)))
            throw new AudioFormatException("the file is truncated: it ended inside the audio data");
        _dataBytesRead += byteCount;
        SampleCodec.Decode(_byteBuffer.AsSpan(0, byteCount), Format.Encoding, interleaved[..(frames * channels)]);
        return frames;
    }

    public void Dispose()
    {
        if (_ownsStream) _stream.Dispose();
    }

    private static AudioFormat ParseFormat(byte[] fmt)
    {
        if (fmt.Length < 16) throw new AudioFormatException($"corrupt WAV: 'fmt ' chunk has {fmt.Length} bytes, needs 16");
        int tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
        int channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt.AsSpan(2));
        long sampleRate = BinaryPrimitives.ReadUInt32LittleEndian(fmt.AsSpan(4));
        int blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(fmt.AsSpan(12));
        int bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt.AsSpan(14));
        uint channelMask = 0;
        if (tag == 0xFFFE)
        {
            if (fmt.Length < 40) throw new AudioFormatException("corrupt WAV: WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk shorter than 40 bytes");
            channelMask = BinaryPrimitives.ReadUInt32LittleEndian(fmt.AsSpan(20));
            if (!fmt.AsSpan(26, 14).SequenceEqual(SubformatGuidTail))
                throw new AudioFormatException("unsupported WAV codec: WAVE_FORMAT_EXTENSIBLE with a non-PCM, non-float subformat");
            tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt.AsSpan(24));
        }
        if (channels == 0) throw new AudioFormatException("corrupt WAV: 0 channels");
        if (sampleRate == 0 || sampleRate > 1_536_000) throw new AudioFormatException($"corrupt WAV: sample rate {sampleRate} Hz");

        SampleEncoding encoding = (tag, bits) switch
        {
            (1, 16) => SampleEncoding.Pcm16,
            (1, 24) => SampleEncoding.Pcm24,
            (1, 32) => SampleEncoding.Pcm32,
            (3, 32) => SampleEncoding.Float32,
            (3, 64) => SampleEncoding.Float64,
            (1, 8) => throw new AudioFormatException("8-bit PCM WAV is not supported (use 16/24/32-bit PCM or float)"),
            (1, _) => throw new AudioFormatException($"{bits}-bit PCM WAV is not supported (use 16/24/32-bit PCM or float)"),
            (3, _) => throw new AudioFormatException($"{bits}-bit float WAV is not supported (use 32 or 64-bit float)"),
            _ => throw new AudioFormatException($"unsupported WAV codec: {CodecName(tag)} (format tag 0x{tag:X4}); only PCM and IEEE float are read"),
        };
        if (blockAlign != channels * encoding.BytesPerSample())
            throw new AudioFormatException($"corrupt WAV: block align {blockAlign} does not match {channels} channels of {bits} bits");
        return new AudioFormat((int)sampleRate, channels, encoding, channelMask);
    }

    private static string CodecName(int tag) => tag switch
    {
        0x0002 => "Microsoft ADPCM",
        0x0006 => "A-law",
        0x0007 => "µ-law",
        0x0011 => "IMA ADPCM",
        0x0031 => "GSM 6.10",
        0x0050 => "MPEG",
        0x0055 => "MPEG Layer 3",
        0x0161 => "WMA",
        _ => "unknown codec",
    };

    private static long ReadDs64DataSize(Stream stream, long size)
    {
        if (size < 24) throw new AudioFormatException("corrupt RF64: ds64 chunk shorter than 24 bytes");
        Span<byte> body = stackalloc byte[24];
        if (!TryReadExactly(stream, body)) throw new AudioFormatException("the file is truncated inside the ds64 chunk");
        long dataSize = BinaryPrimitives.ReadInt64LittleEndian(body[8..]);
        if (dataSize < 0) throw new AudioFormatException("corrupt RF64: negative data size in ds64");
        return dataSize;
    }

    private static byte[] ReadBody(Stream stream, string id, long size, long bodyStart, long length)
    {
        if (bodyStart + size > length)
            throw new AudioFormatException($"the file is truncated inside the '{Printable(id)}' chunk");
        var body = new byte[size];
        stream.Position = bodyStart;
        if (!TryReadExactly(stream, body)) throw new AudioFormatException($"the file is truncated inside the '{Printable(id)}' chunk");
        return body;
    }

    private static bool TryReadExactly(Stream stream, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = stream.Read(buffer[total..]);
            if (n == 0) return false;
            total += n;
        }
        return true;
    }

    private static bool IsPlausibleChunkId(ReadOnlySpan<byte> id)
    {
        foreach (byte b in id)
            if (b < 0x20 || b > 0x7E) return false;
        return true;
    }

    private static string DescribeNonWav(ReadOnlySpan<byte> header)
    {
        string kind = header switch
        {
            _ when header.StartsWith("fLaC"u8) => "a FLAC file",
            _ when header.StartsWith("OggS"u8) => "an Ogg file",
            _ when header.StartsWith("ID3"u8) || (header[0] == 0xFF && (header[1] & 0xE0) == 0xE0) => "an MP3 file",
            _ when header.StartsWith("FORM"u8) => "an AIFF file",
            _ => "",
        };
        return kind.Length > 0 ? $"not a WAV file: looks like {kind}" : "not a WAV file: no RIFF/RF64 header";
    }

    private static string Printable(string id) => new(id.Select(c => c is >= ' ' and <= '~' ? c : '?').ToArray());
}
