using PercepNet.Cli.Audio.Flac;

namespace PercepNet.Cli.Audio;

/// <summary>
/// Decides how an output file is written: its container from its name (.flac is FLAC, everything else WAV), its
/// sample encoding from the input's and the user's --format, and which metadata of the input it carries
/// (WAV chunks into WAV, Vorbis comments into FLAC).
/// </summary>
public static class AudioFileWriter
{
    public enum Container { Wav, Flac }

    public static readonly IReadOnlySet<string> FlacExtensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".flac" };

    /// <summary>Whether an output may have this name: a WAV name or a FLAC name.</summary>
    public static bool IsWritableName(string path)
    {
        string ext = Path.GetExtension(path);
        return AudioFileReader.WavExtensions.Contains(ext) || FlacExtensions.Contains(ext);
    }

    public static Container ContainerFor(string path) =>
        FlacExtensions.Contains(Path.GetExtension(path)) ? Container.Flac : Container.Wav;

    /// <summary>
    /// The output's sample encoding: <paramref name="requested"/> when given, else the source's. FLAC holds only
    /// 16/24-bit integers; a float or 32-bit source (MP3, Ogg, float WAV) becomes 24-bit FLAC, whose 144 dB of range
    /// is beyond any recording's noise floor.
    /// </summary>
    /// <exception cref="AudioFormatException">A --format that the container cannot store.</exception>
    public static SampleEncoding EncodingFor(Container container, SampleEncoding source, SampleEncoding? requested)
    {
        if (container == Container.Wav) return requested ?? source;
        if (requested is { } r)
            return FlacWriter.CanHold(r) ? r : throw new AudioFormatException(
                $"FLAC stores 16- or 24-bit integer samples, not {r.DisplayName()}: use --format pcm16 or pcm24, or a .wav output");
        return FlacWriter.CanHold(source) ? source : SampleEncoding.Pcm24;
    }

    /// <summary>A writer for <paramref name="format"/> into <paramref name="stream"/>, carrying <paramref name="source"/>'s metadata.</summary>
    public static IAudioWriter Create(Stream stream, Container container, AudioFormat format, IAudioReader source) => container switch
    {
        Container.Flac => new FlacWriter(stream, format, source.Comments, new TpdfDither(), source.FrameCount),
        _ => new WavWriter(stream, format, source.ExtraChunks, new TpdfDither()),
    };
}
