using PercepNet.Cli.Audio.Flac;

namespace PercepNet.Cli.Audio;

/// <summary>
/// Opens an audio file by its content, not its extension (a WAV named .mp3 still reads; a text file named
/// .wav gets a clear error). Turns file-system failures into <see cref="CliException"/>s with the path.
/// </summary>
public static class AudioFileReader
{
    /// <summary>Extensions that batch mode picks up.</summary>
    public static readonly IReadOnlySet<string> KnownExtensions =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".wav", ".wave", ".bwf", ".rf64", ".mp3", ".ogg", ".oga", ".flac" };

    /// <summary>WAV file names: such an output is written as WAV (see <see cref="AudioFileWriter"/>).</summary>
    public static readonly IReadOnlySet<string> WavExtensions =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".wav", ".wave", ".bwf", ".rf64" };

    public static IAudioReader Open(string path)
    {
        FileStream stream;
        try
        {
            if (Directory.Exists(path)) throw new CliException(ExitCode.InputError, $"{path}: is a directory, not an audio file");
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (FileNotFoundException) { throw new CliException(ExitCode.InputError, $"{path}: no such file"); }
        catch (DirectoryNotFoundException) { throw new CliException(ExitCode.InputError, $"{path}: no such file or directory"); }
        catch (UnauthorizedAccessException) { throw new CliException(ExitCode.InputError, $"{path}: permission denied (cannot read)"); }
        catch (IOException e) { throw new CliException(ExitCode.InputError, $"{path}: cannot open: {e.Message}"); }

        try
        {
            return Open(stream);
        }
        catch (AudioFormatException e)
        {
            stream.Dispose();
            throw new CliException(ExitCode.InputError, $"{path}: {e.Message}");
        }
        catch (IOException e)
        {
            stream.Dispose();
            throw new CliException(ExitCode.InputError, $"{path}: read error: {e.Message}");
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Takes ownership of <paramref name="stream"/> (seekable).</summary>
    public static IAudioReader Open(Stream stream)
    {
        Span<byte> magic = stackalloc byte[4];
        int n = stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        stream.Position = 0;
        return Identify(magic[..n]) switch
        {
            Container.Empty => throw new AudioFormatException("the file is empty (0 bytes)"),
            Container.Ogg => new OggVorbisReader(stream),
            Container.Mp3 => new Mp3Reader(stream),
            Container.Flac => new FlacReader(stream, ownsStream: true),
            _ => new WavReader(stream, ownsStream: true),
        };
    }

    /// <summary>What a file's first bytes announce (anything unrecognised is taken for WAV, which then says what is wrong).</summary>
    public enum Container { Empty, Wav, Ogg, Mp3, Flac }

    /// <summary>The container of a file, told from <paramref name="head"/>, its first (up to) 4 bytes.</summary>
    public static Container Identify(ReadOnlySpan<byte> head)
    {
        if (head.Length == 0) return Container.Empty;
        if (head.Length >= 4 && head.StartsWith("OggS"u8)) return Container.Ogg;
        if (head.Length >= 3 && (head.StartsWith("ID3"u8) || (head[0] == 0xFF && (head[1] & 0xE0) == 0xE0))) return Container.Mp3;
        if (head.Length >= 4 && head.StartsWith("fLaC"u8)) return Container.Flac;
        return Container.Wav;
    }

    /// <summary><see cref="Identify(ReadOnlySpan{byte})"/> of the file at <paramref name="path"/>.</summary>
    public static Container Identify(string path)
    {
        Span<byte> head = stackalloc byte[4];
        using var f = File.OpenRead(path);
        return Identify(head[..f.ReadAtLeast(head, 4, throwOnEndOfStream: false)]);
    }
}
