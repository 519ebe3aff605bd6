using System.Runtime.InteropServices;

namespace PercepNet.Cli.Audio.Flac;

/// <summary>
/// The part of libFLAC's C API (the reference codec, maintained by Xiph; Debian package libflac12) that the FLAC
/// reader and writer use. No managed FLAC encoder + decoder is served by our package source, so the CLI binds the
/// system library at run time. It is loaded on first use, not at start-up: WAV, MP3 and Ogg work without it, and
/// a machine without it gets one clear message naming the package instead of a DllNotFoundException.
/// Functions are bound as unmanaged function pointers looked up by name, which needs no DllImport resolver
/// (an assembly can have only one) and no marshalling stubs.
/// </summary>
internal static unsafe class LibFlac
{
    // Sonames tried in order: Debian 12 ships libFLAC 1.4 (.so.12, the one built and tested against), Debian 13
    // libFLAC 1.5 (.so.14, tried but untested here), macOS and Windows builds use their own names. The struct
    // fields read here (FLAC__FrameHeader's first five, STREAMINFO, VORBIS_COMMENT) kept their layout from the
    // 1.2 headers to 1.4's.
    private static readonly string[] LibraryNames = ["libFLAC.so.12", "libFLAC.so.14", "libFLAC.so", "libFLAC.14.dylib", "libFLAC.12.dylib", "libFLAC.dll", "FLAC.dll"];

    public const string InstallHint = "FLAC needs the libFLAC library (Debian/Ubuntu: apt-get install libflac12; scripts/install-deps.sh installs it)";

    // FLAC__MetadataType
    public const int MetadataStreamInfo = 0;
    public const int MetadataVorbisComment = 4;

    // FLAC__StreamDecoderState / FLAC__StreamDecoderInitStatus / FLAC__StreamEncoderInitStatus
    public const int DecoderEndOfStream = 4;
    public const int InitOk = 0;

    // Callback return values (FLAC__Stream{De,En}coder{Read,Write,Seek,Tell,Length}Status).
    public const int ReadContinue = 0, ReadEndOfStream = 1, ReadAbort = 2;
    public const int StatusOk = 0, StatusError = 1;
    public const int WriteContinue = 0, WriteAbort = 1;
    public const int EncoderWriteOk = 0, EncoderWriteFatal = 1;

    public static delegate* unmanaged<IntPtr> DecoderNew;
    public static delegate* unmanaged<IntPtr, void> DecoderDelete;
    public static delegate* unmanaged<IntPtr, int, int> DecoderSetMd5Checking;
    public static delegate* unmanaged<IntPtr, int, int> DecoderSetMetadataRespond;
    public static delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, int> DecoderInitStream;
    public static delegate* unmanaged<IntPtr, int> DecoderProcessUntilEndOfMetadata;
    public static delegate* unmanaged<IntPtr, int> DecoderProcessSingle;
    public static delegate* unmanaged<IntPtr, int> DecoderGetState;
    public static delegate* unmanaged<IntPtr, IntPtr> DecoderGetResolvedStateString;
    public static delegate* unmanaged<IntPtr, int> DecoderFinish;

    public static delegate* unmanaged<IntPtr> EncoderNew;
    public static delegate* unmanaged<IntPtr, void> EncoderDelete;
    public static delegate* unmanaged<IntPtr, uint, int> EncoderSetChannels;
    public static delegate* unmanaged<IntPtr, uint, int> EncoderSetBitsPerSample;
    public static delegate* unmanaged<IntPtr, uint, int> EncoderSetSampleRate;
    public static delegate* unmanaged<IntPtr, uint, int> EncoderSetCompressionLevel;
    public static delegate* unmanaged<IntPtr, ulong, int> EncoderSetTotalSamplesEstimate;
    public static delegate* unmanaged<IntPtr, IntPtr*, uint, int> EncoderSetMetadata;
    public static delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, int> EncoderInitStream;
    public static delegate* unmanaged<IntPtr, int*, uint, int> EncoderProcessInterleaved;
    public static delegate* unmanaged<IntPtr, int> EncoderFinish;
    public static delegate* unmanaged<IntPtr, IntPtr> EncoderGetResolvedStateString;

    public static delegate* unmanaged<int, IntPtr> MetadataObjectNew;
    public static delegate* unmanaged<IntPtr, void> MetadataObjectDelete;
    public static delegate* unmanaged<IntPtr, VorbisCommentEntry, int, int> VorbisCommentAppend;

    /// <summary>FLAC__StreamMetadata_VorbisComment_Entry: a byte string with its length (libFLAC keeps a NUL after it).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct VorbisCommentEntry
    {
        public uint Length;
        public byte* Entry;
    }

    private static readonly Lock LoadLock = new();
    private static bool _loaded;

    /// <summary>Binds the library once; afterwards a no-op.</summary>
    /// <exception cref="AudioFormatException">libFLAC is not installed (or too old to have these functions).</exception>
    public static void EnsureLoaded()
    {
        lock (LoadLock)
        {
            if (_loaded) return;
            IntPtr lib = IntPtr.Zero;
            foreach (string name in LibraryNames)
                if (NativeLibrary.TryLoad(name, typeof(LibFlac).Assembly, DllImportSearchPath.SafeDirectories, out lib)) break;
            if (lib == IntPtr.Zero) throw new AudioFormatException(InstallHint);
            try { Bind(lib); }
            catch (EntryPointNotFoundException e) { throw new AudioFormatException($"the installed libFLAC is too old ({e.Message}); {InstallHint}"); }
            _loaded = true;
        }
    }

    private static void Bind(IntPtr lib)
    {
        IntPtr F(string name) => NativeLibrary.GetExport(lib, name);
        DecoderNew = (delegate* unmanaged<IntPtr>)F("FLAC__stream_decoder_new");
        DecoderDelete = (delegate* unmanaged<IntPtr, void>)F("FLAC__stream_decoder_delete");
        DecoderSetMd5Checking = (delegate* unmanaged<IntPtr, int, int>)F("FLAC__stream_decoder_set_md5_checking");
        DecoderSetMetadataRespond = (delegate* unmanaged<IntPtr, int, int>)F("FLAC__stream_decoder_set_metadata_respond");
        DecoderInitStream = (delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, int>)F("FLAC__stream_decoder_init_stream");
        DecoderProcessUntilEndOfMetadata = (delegate* unmanaged<IntPtr, int>)F("FLAC__stream_decoder_process_until_end_of_metadata");
        DecoderProcessSingle = (delegate* unmanaged<IntPtr, int>)F("FLAC__stream_decoder_process_single");
        DecoderGetState = (delegate* unmanaged<IntPtr, int>)F("FLAC__stream_decoder_get_state");
        DecoderGetResolvedStateString = (delegate* unmanaged<IntPtr, IntPtr>)F("FLAC__stream_decoder_get_resolved_state_string");
        DecoderFinish = (delegate* unmanaged<IntPtr, int>)F("FLAC__stream_decoder_finish");

        EncoderNew = (delegate* unmanaged<IntPtr>)F("FLAC__stream_encoder_new");
        EncoderDelete = (delegate* unmanaged<IntPtr, void>)F("FLAC__stream_encoder_delete");
        EncoderSetChannels = (delegate* unmanaged<IntPtr, uint, int>)F("FLAC__stream_encoder_set_channels");
        EncoderSetBitsPerSample = (delegate* unmanaged<IntPtr, uint, int>)F("FLAC__stream_encoder_set_bits_per_sample");
        EncoderSetSampleRate = (delegate* unmanaged<IntPtr, uint, int>)F("FLAC__stream_encoder_set_sample_rate");
        EncoderSetCompressionLevel = (delegate* unmanaged<IntPtr, uint, int>)F("FLAC__stream_encoder_set_compression_level");
        EncoderSetTotalSamplesEstimate = (delegate* unmanaged<IntPtr, ulong, int>)F("FLAC__stream_encoder_set_total_samples_estimate");
        EncoderSetMetadata = (delegate* unmanaged<IntPtr, IntPtr*, uint, int>)F("FLAC__stream_encoder_set_metadata");
        EncoderInitStream = (delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, int>)F("FLAC__stream_encoder_init_stream");
        EncoderProcessInterleaved = (delegate* unmanaged<IntPtr, int*, uint, int>)F("FLAC__stream_encoder_process_interleaved");
        EncoderFinish = (delegate* unmanaged<IntPtr, int>)F("FLAC__stream_encoder_finish");
        EncoderGetResolvedStateString = (delegate* unmanaged<IntPtr, IntPtr>)F("FLAC__stream_encoder_get_resolved_state_string");

        MetadataObjectNew = (delegate* unmanaged<int, IntPtr>)F("FLAC__metadata_object_new");
        MetadataObjectDelete = (delegate* unmanaged<IntPtr, void>)F("FLAC__metadata_object_delete");
        VorbisCommentAppend = (delegate* unmanaged<IntPtr, VorbisCommentEntry, int, int>)F("FLAC__metadata_object_vorbiscomment_append_comment");
    }

    public static string DecoderState(IntPtr decoder) => Marshal.PtrToStringUTF8(DecoderGetResolvedStateString(decoder)) ?? "unknown state";

    public static string EncoderState(IntPtr encoder) => Marshal.PtrToStringUTF8(EncoderGetResolvedStateString(encoder)) ?? "unknown state";
}
