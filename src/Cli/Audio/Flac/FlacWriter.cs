using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using static PercepNet.Cli.Audio.Flac.LibFlac;

namespace PercepNet.Cli.Audio.Flac;

/// <summary>
/// FLAC encoding through libFLAC's stream encoder into a seekable .NET stream. Samples are quantised exactly as the
/// WAV writer quantises PCM16/24 (same TPDF dither sequence), so FLAC and WAV outputs of one input hold the same
/// samples. On <see cref="Complete"/> libFLAC seeks back and fills in STREAMINFO's final sample count and MD5.
/// </summary>
public sealed unsafe class FlacWriter : IAudioWriter
{
    /// <summary>libFLAC's default (what `flac` uses without options): near the smallest files at a fraction of -8's time.</summary>
    private const uint CompressionLevel = 5;

    private readonly Stream _stream;
    private readonly int _channels;
    private readonly int _bits;
    private readonly TpdfDither? _dither;
    private GCHandle _self;
    private IntPtr _encoder;
    private IntPtr _commentBlock;       // owned; libFLAC only references it until finish
    private int[] _samples = [];
    private ExceptionDispatchInfo? _streamError;
    private bool _completed;

    public long ClippedSamples { get; private set; }

    /// <summary>Integer encodings a FLAC file can hold (the subset every FLAC decoder plays).</summary>
    public static bool CanHold(SampleEncoding encoding) => encoding is SampleEncoding.Pcm16 or SampleEncoding.Pcm24;

    /// <param name="format">Pcm16 or Pcm24.</param>
    /// <param name="comments">Tags to write (the vendor string is libFLAC's own).</param>
    /// <param name="framesEstimate">Expected length, written up front; 0 if unknown. The real length replaces it at the end.</param>
    /// <exception cref="AudioFormatException">libFLAC missing, or the format is one FLAC cannot store.</exception>
    public FlacWriter(Stream stream, AudioFormat format, VorbisComments? comments = null, TpdfDither? dither = null, long framesEstimate = 0)
    {
        if (!stream.CanSeek) throw new ArgumentException("FLAC writing needs a seekable stream", nameof(stream));
        if (!CanHold(format.Encoding))
            throw new AudioFormatException($"FLAC stores 16- or 24-bit integer samples, not {format.Encoding.DisplayName()} (use --format pcm16 or pcm24)");
        if (format.Channels is < 1 or > 8)
            throw new AudioFormatException($"FLAC stores 1 to 8 channels, not {format.Channels}");
        _stream = stream;
        _channels = format.Channels;
        _bits = format.Encoding.BitsPerSample();
        _dither = dither;
        EnsureLoaded();
        _encoder = EncoderNew();
        if (_encoder == IntPtr.Zero) throw new OutOfMemoryException("libFLAC could not allocate an encoder");
        _self = GCHandle.Alloc(this);
        try
        {
            bool set = EncoderSetChannels(_encoder, (uint)_channels) != 0
                     & EncoderSetBitsPerSample(_encoder, (uint)_bits) != 0
                     & EncoderSetSampleRate(_encoder, (uint)format.SampleRate) != 0
                     & EncoderSetCompressionLevel(_encoder, CompressionLevel) != 0
                     & EncoderSetTotalSamplesEstimate(_encoder, (ulong)Math.Max(0, framesEstimate)) != 0;
            if (!set) throw new InvalidOperationException("libFLAC refused a setting before init");
            if (comments is { Entries.Count: > 0 }) AttachComments(comments);
            int init = EncoderInitStream(_encoder,
                (IntPtr)(delegate* unmanaged<IntPtr, byte*, nuint, uint, uint, IntPtr, int>)&OnWrite,
                (IntPtr)(delegate* unmanaged<IntPtr, ulong, IntPtr, int>)&OnSeek,
                (IntPtr)(delegate* unmanaged<IntPtr, ulong*, IntPtr, int>)&OnTell,
                IntPtr.Zero,
                GCHandle.ToIntPtr(_self));
            _streamError?.Throw();
            // FLAC__StreamEncoderInitStatus: 6 = INVALID_SAMPLE_RATE, 11 = NOT_STREAMABLE (outside the subset).
            if (init != InitOk)
                throw new AudioFormatException(init is 6 or 11
                    ? $"FLAC cannot store {format.SampleRate} Hz audio (write WAV instead)"
                    : $"libFLAC could not start encoding (init status {init}: {LibFlac.EncoderState(_encoder)})");
        }
        catch
        {
            Release();
            throw;
        }
    }

    private void AttachComments(VorbisComments comments)
    {
        _commentBlock = MetadataObjectNew(MetadataVorbisComment);
        if (_commentBlock == IntPtr.Zero) throw new OutOfMemoryException("libFLAC could not allocate a VORBIS_COMMENT block");
        foreach (string entry in comments.Entries)
        {
            byte[] bytes = System.Text.Encoding.UTF8.GetBytes(entry);
            fixed (byte* p = bytes)
            {
                // copy = true: libFLAC keeps its own copy, so the pinned array may move after this call.
                if (VorbisCommentAppend(_commentBlock, new VorbisCommentEntry { Length = (uint)bytes.Length, Entry = p }, 1) == 0)
                    throw new OutOfMemoryException("libFLAC could not add a Vorbis comment");
            }
        }
        IntPtr block = _commentBlock;
        if (EncoderSetMetadata(_encoder, &block, 1) == 0) throw new InvalidOperationException("libFLAC refused the VORBIS_COMMENT block");
    }

    public void Write(ReadOnlySpan<float> interleaved)
    {
        if (_completed) throw new InvalidOperationException("the FLAC file is already complete");
        int frames = interleaved.Length / _channels;
        if (frames == 0) return;
        if (_samples.Length < interleaved.Length) _samples = new int[interleaved.Length];
        ClippedSamples += SampleCodec.ToIntegers(interleaved, _bits, _samples, _dither);
        bool ok;
        fixed (int* p = _samples) ok = EncoderProcessInterleaved(_encoder, p, (uint)frames) != 0;
        ThrowIfFailed(ok);
    }

    public void Complete()
    {
        if (_completed) return;
        _completed = true;
        bool ok = EncoderFinish(_encoder) != 0;
        ThrowIfFailed(ok);
        _stream.Flush();
    }

    private void ThrowIfFailed(bool ok)
    {
        _streamError?.Throw();
        if (!ok) throw new IOException($"FLAC encoding failed: {LibFlac.EncoderState(_encoder)}");
    }

    public void Dispose() => Release();

    private void Release()
    {
        if (_encoder != IntPtr.Zero)
        {
            EncoderDelete(_encoder);
            _encoder = IntPtr.Zero;
        }
        if (_commentBlock != IntPtr.Zero)
        {
            MetadataObjectDelete(_commentBlock);
            _commentBlock = IntPtr.Zero;
        }
        if (_self.IsAllocated) _self.Free();
    }

    private static FlacWriter From(IntPtr clientData) => (FlacWriter)GCHandle.FromIntPtr(clientData).Target!;

    // Disk full or a failing device: the exception is parked and rethrown by the call that drove libFLAC, so the
    // atomic file writer reports it and removes the partial file.
    [UnmanagedCallersOnly]
    private static int OnWrite(IntPtr encoder, byte* buffer, nuint bytes, uint samples, uint currentFrame, IntPtr clientData)
    {
        var self = From(clientData);
        try
        {
            self._stream.Write(new ReadOnlySpan<byte>(buffer, checked((int)bytes)));
            return EncoderWriteOk;
        }
        catch (Exception e)
        {
            self._streamError ??= ExceptionDispatchInfo.Capture(e);
            return EncoderWriteFatal;
        }
    }

    [UnmanagedCallersOnly]
    private static int OnSeek(IntPtr encoder, ulong offset, IntPtr clientData)
    {
        var self = From(clientData);
        try { self._stream.Position = (long)offset; return StatusOk; }
        catch (Exception e) { self._streamError ??= ExceptionDispatchInfo.Capture(e); return StatusError; }
    }

    [UnmanagedCallersOnly]
    private static int OnTell(IntPtr encoder, ulong* offset, IntPtr clientData)
    {
        var self = From(clientData);
        try { *offset = (ulong)self._stream.Position; return StatusOk; }
        catch (Exception e) { self._streamError ??= ExceptionDispatchInfo.Capture(e); return StatusError; }
    }
}
