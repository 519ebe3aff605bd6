using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using static PercepNet.Cli.Audio.Flac.LibFlac;

namespace PercepNet.Cli.Audio.Flac;

/// <summary>
/// FLAC decoding through libFLAC's stream decoder, fed from a .NET stream by callbacks. Decodes one FLAC frame
/// (≤ 65535 samples per channel) at a time, so memory stays bounded whatever the file length. Strict: anything
/// libFLAC reports as damaged (lost sync, bad header, CRC mismatch, MD5 mismatch at the end) or fewer samples than
/// STREAMINFO declares makes <see cref="Read"/> throw, so a damaged file never yields a "successful" output with a
/// silent gap where libFLAC skipped a frame.
/// </summary>
public sealed unsafe class FlacReader : IAudioReader
{
    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private GCHandle _self;
    private IntPtr _decoder;

    private float[] _pending = [];   // interleaved samples of the last decoded frame not yet handed out
    private int _pendingOffset, _pendingLength;
    private long _framesDecoded;
    private bool _ended;

    // What the callbacks saw; callbacks must not throw into native code, so they park it here for the caller.
    private ExceptionDispatchInfo? _streamError;
    private string? _damage;
    private bool _sawStreamInfo;
    private int _bitsPerSample;
    private long _declaredFrames;
    private readonly List<string> _comments = [];
    private string _vendor = "";

    private AudioFormat? _format;
    public AudioFormat Format => _format ?? throw new InvalidOperationException("no STREAMINFO read yet");

    /// <summary>Exact when STREAMINFO declares it (every file libFLAC writes); 0 when the encoder did not know it.</summary>
    public long FrameCount => _declaredFrames;

    public IReadOnlyList<WavChunk> ExtraChunks => [];
    public VorbisComments Comments { get; }

    /// <param name="stream">Seekable; taken over (disposed with the reader) when <paramref name="ownsStream"/>.</param>
    /// <exception cref="AudioFormatException">Not FLAC, damaged or truncated header, or libFLAC missing.</exception>
    public FlacReader(Stream stream, bool ownsStream = true)
    {
        _stream = stream;
        _ownsStream = ownsStream;
        EnsureLoaded();
        _decoder = DecoderNew();
        if (_decoder == IntPtr.Zero) throw new OutOfMemoryException("libFLAC could not allocate a decoder");
        _self = GCHandle.Alloc(this);
        try
        {
            DecoderSetMd5Checking(_decoder, 1);
            DecoderSetMetadataRespond(_decoder, MetadataVorbisComment);
            int init = DecoderInitStream(_decoder,
                (IntPtr)(delegate* unmanaged<IntPtr, byte*, nuint*, IntPtr, int>)&OnRead,
                (IntPtr)(delegate* unmanaged<IntPtr, ulong, IntPtr, int>)&OnSeek,
                (IntPtr)(delegate* unmanaged<IntPtr, ulong*, IntPtr, int>)&OnTell,
                (IntPtr)(delegate* unmanaged<IntPtr, ulong*, IntPtr, int>)&OnLength,
                (IntPtr)(delegate* unmanaged<IntPtr, IntPtr, int>)&OnEof,
                (IntPtr)(delegate* unmanaged<IntPtr, byte*, int**, IntPtr, int>)&OnWrite,
                (IntPtr)(delegate* unmanaged<IntPtr, byte*, IntPtr, void>)&OnMetadata,
                (IntPtr)(delegate* unmanaged<IntPtr, int, IntPtr, void>)&OnError,
                GCHandle.ToIntPtr(_self));
            if (init != InitOk) throw new AudioFormatException($"libFLAC could not start decoding (init status {init})");

            bool ok = DecoderProcessUntilEndOfMetadata(_decoder) != 0;
            _streamError?.Throw();
            // Metadata ends where the first frame starts; reaching the end of the file first means it was cut,
            // unless STREAMINFO says there is no audio at all.
            if (DecoderGetState(_decoder) == DecoderEndOfStream && (!_sawStreamInfo || _declaredFrames > 0))
                throw new AudioFormatException("the file is truncated: it ends inside the FLAC header");
            if (_damage is not null) throw new AudioFormatException($"corrupt FLAC header: {_damage}");
            if (!ok || !_sawStreamInfo)
                throw new AudioFormatException($"corrupt FLAC header: {(_sawStreamInfo ? DecoderState(_decoder) : "no STREAMINFO block")}");
            Comments = new VorbisComments(_vendor, _comments.ToArray());
        }
        catch
        {
            Release();
            throw;
        }
    }

    public int Read(Span<float> interleaved)
    {
        int channels = Format.Channels;
        int wanted = interleaved.Length / channels * channels;
        int got = 0;
        while (got < wanted)
        {
            if (_pendingLength == 0)
            {
                if (_ended || !DecodeNextFrame()) break;
                continue;
            }
            int n = Math.Min(_pendingLength, wanted - got);
            _pending.AsSpan(_pendingOffset, n).CopyTo(interleaved[got..]);
            _pendingOffset += n;
            _pendingLength -= n;
            got += n;
        }
        return got / channels;
    }

    /// <summary>Decodes one frame into the pending buffer; false at the (checked) end of the stream.</summary>
    private bool DecodeNextFrame()
    {
        long before = _framesDecoded;
        bool ok = DecoderProcessSingle(_decoder) != 0;
        _streamError?.Throw();
        if (_damage is not null) ThrowDamage(before);
        if (!ok) throw new AudioFormatException($"corrupt FLAC at sample {before}: libFLAC stopped ({DecoderState(_decoder)})");
        if (_pendingLength > 0) return true;
        if (DecoderGetState(_decoder) != DecoderEndOfStream) return true; // a metadata block or sync search: go on
        _ended = true;
        if (_declaredFrames > 0 && _framesDecoded < _declaredFrames)
            throw new AudioFormatException(
                $"the file is truncated: its header declares {_declaredFrames} samples, only {_framesDecoded} are present");
        // finish() compares the MD5 of everything decoded with the one in STREAMINFO (when the encoder stored one).
        if (DecoderFinish(_decoder) == 0)
            throw new AudioFormatException("corrupt FLAC: the decoded audio does not match the file's MD5 signature");
        return false;
    }

    /// <summary>
    /// Throws for damage libFLAC reported at sample <paramref name="at"/>, telling a cut file from one damaged inside:
    /// a cut file has no good frame after the damage, a damaged one goes on (libFLAC finds the next frame), so up to
    /// two more frames are decoded, and dropped, to see which it is.
    /// </summary>
    private void ThrowDamage(long at)
    {
        string what = _damage!;
        int framesAfter = 0;
        while (framesAfter < 2 && DecoderGetState(_decoder) != DecoderEndOfStream)
        {
            long before = _framesDecoded;
            bool ok = DecoderProcessSingle(_decoder) != 0;
            _streamError?.Throw();
            if (!ok) break;
            if (_framesDecoded > before) framesAfter++;
        }
        _pendingLength = 0;
        if (framesAfter < 2 && DecoderGetState(_decoder) == DecoderEndOfStream && _declaredFrames > at)
            throw new AudioFormatException(
                $"the file is truncated: it ends inside the audio at sample {at}, its header declares {_declaredFrames}");
        throw new AudioFormatException($"corrupt FLAC at sample {at}: {what}");
    }

    // No finalizer: the GCHandle that libFLAC's callbacks use keeps this object alive until Dispose frees it.
    public void Dispose() => Release();

    private void Release()
    {
        if (_decoder != IntPtr.Zero)
        {
            DecoderDelete(_decoder); // also finishes; its MD5 verdict does not matter any more
            _decoder = IntPtr.Zero;
        }
        if (_self.IsAllocated) _self.Free();
        if (_ownsStream) _stream.Dispose();
    }

    private static FlacReader From(IntPtr clientData) => (FlacReader)GCHandle.FromIntPtr(clientData).Target!;

    [UnmanagedCallersOnly]
    private static int OnRead(IntPtr decoder, byte* buffer, nuint* bytes, IntPtr clientData)
    {
        var self = From(clientData);
        try
        {
            int n = self._stream.Read(new Span<byte>(buffer, (int)Math.Min(*bytes, int.MaxValue)));
            *bytes = (nuint)n;
            return n == 0 ? ReadEndOfStream : ReadContinue;
        }
        catch (Exception e)
        {
            self._streamError ??= ExceptionDispatchInfo.Capture(e);
            *bytes = 0;
            return ReadAbort;
        }
    }

    [UnmanagedCallersOnly]
    private static int OnSeek(IntPtr decoder, ulong offset, IntPtr clientData)
    {
        var self = From(clientData);
        try { self._stream.Position = (long)offset; return StatusOk; }
        catch (Exception e) { self._streamError ??= ExceptionDispatchInfo.Capture(e); return StatusError; }
    }

    [UnmanagedCallersOnly]
    private static int OnTell(IntPtr decoder, ulong* offset, IntPtr clientData)
    {
        var self = From(clientData);
        try { *offset = (ulong)self._stream.Position; return StatusOk; }
        catch (Exception e) { self._streamError ??= ExceptionDispatchInfo.Capture(e); return StatusError; }
    }

    [UnmanagedCallersOnly]
    private static int OnLength(IntPtr decoder, ulong* length, IntPtr clientData)
    {
        var self = From(clientData);
        try { *length = (ulong)self._stream.Length; return StatusOk; }
        catch (Exception e) { self._streamError ??= ExceptionDispatchInfo.Capture(e); return StatusError; }
    }

    [UnmanagedCallersOnly]
    private static int OnEof(IntPtr decoder, IntPtr clientData)
    {
        var self = From(clientData);
        try { return self._stream.Position >= self._stream.Length ? 1 : 0; }
        catch (Exception e) { self._streamError ??= ExceptionDispatchInfo.Capture(e); return 1; }
    }

    // FLAC__Frame starts with FLAC__FrameHeader: uint32 blocksize, sample_rate, channels, channel_assignment, bits_per_sample.
    [UnmanagedCallersOnly]
    private static int OnWrite(IntPtr decoder, byte* frame, int** channelBuffers, IntPtr clientData)
    {
        var self = From(clientData);
        int blocksize = (int)Unsafe.Read<uint>(frame);
        int channels = (int)Unsafe.Read<uint>(frame + 8);
        int bits = (int)Unsafe.Read<uint>(frame + 16);
        int streamChannels = self._format?.Channels ?? 0;
        if (channels != streamChannels || bits != self._bitsPerSample)
        {
            self._damage ??= $"a frame has {channels} channels of {bits} bits, the stream {streamChannels} of {self._bitsPerSample}";
            return WriteAbort;
        }
        int count = blocksize * channels;
        if (self._pending.Length < count) self._pending = new float[count];
        float scale = 1f / (1L << (bits - 1));
        for (int c = 0; c < channels; c++)
        {
            int* source = channelBuffers[c];
            for (int i = 0; i < blocksize; i++) self._pending[i * channels + c] = source[i] * scale;
        }
        self._pendingOffset = 0;
        self._pendingLength = count;
        self._framesDecoded += blocksize;
        return WriteContinue;
    }

    // FLAC__StreamMetadata: int type, int is_last, uint32 length, then (8-aligned, at 16) the block's data.
    [UnmanagedCallersOnly]
    private static void OnMetadata(IntPtr decoder, byte* metadata, IntPtr clientData)
    {
        var self = From(clientData);
        int type = Unsafe.Read<int>(metadata);
        byte* data = metadata + 16;
        if (type == MetadataStreamInfo) self.TakeStreamInfo(data);
        else if (type == MetadataVorbisComment) self.TakeVorbisComment(data);
    }

    // FLAC__StreamMetadata_StreamInfo: uint32 min/max blocksize, min/max framesize, sample_rate (16), channels (20),
    // bits_per_sample (24); uint64 total_samples (32).
    private void TakeStreamInfo(byte* info)
    {
        int rate = (int)Unsafe.Read<uint>(info + 16);
        int channels = (int)Unsafe.Read<uint>(info + 20);
        int bits = (int)Unsafe.Read<uint>(info + 24);
        ulong total = Unsafe.Read<ulong>(info + 32);
        if (rate <= 0 || channels <= 0 || bits is < 4 or > 32)
        {
            _damage ??= $"STREAMINFO declares {rate} Hz, {channels} channels, {bits} bits";
            return;
        }
        // The WAV writer's encodings: 16 and 24 bits map to themselves; 8/12-bit FLAC widens to 16, 20-bit to 24.
        var encoding = bits <= 16 ? SampleEncoding.Pcm16 : bits <= 24 ? SampleEncoding.Pcm24 : SampleEncoding.Pcm32;
        _format = new AudioFormat(rate, channels, encoding);
        _bitsPerSample = bits;
        _declaredFrames = (long)total;
        _sawStreamInfo = true;
    }

    // FLAC__StreamMetadata_VorbisComment: entry vendor_string (uint32 length, byte* at 8), uint32 num_comments (16),
    // entry* comments (24); each entry 16 bytes.
    private void TakeVorbisComment(byte* block)
    {
        _vendor = EntryText(block);
        uint count = Unsafe.Read<uint>(block + 16);
        byte* entries = (byte*)Unsafe.Read<IntPtr>(block + 24);
        for (uint i = 0; i < count; i++) _comments.Add(EntryText(entries + 16 * i));
    }

    private static string EntryText(byte* entry)
    {
        uint length = Unsafe.Read<uint>(entry);
        byte* text = (byte*)Unsafe.Read<IntPtr>(entry + 8);
        return text == null ? "" : System.Text.Encoding.UTF8.GetString(text, (int)length);
    }

    // FLAC__StreamDecoderErrorStatus
    [UnmanagedCallersOnly]
    private static void OnError(IntPtr decoder, int status, IntPtr clientData)
    {
        var self = From(clientData);
        self._damage ??= status switch
        {
            0 => "lost sync (bytes that are not FLAC frames)",
            1 => "a damaged frame header",
            2 => "a frame's CRC does not match its contents",
            3 => "a frame libFLAC cannot parse",
            4 => "a damaged metadata block",
            _ => $"libFLAC error {status}",
        };
    }
}
