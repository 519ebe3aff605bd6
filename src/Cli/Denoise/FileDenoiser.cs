using System.Diagnostics;
using PercepNet.Cli.Audio;
using PercepNet.Cli.Files;

namespace PercepNet.Cli.Denoise;

/// <summary>
/// Denoises one file into another: checks the paths (never the input, never an existing output without force),
/// decodes, runs <see cref="StreamDenoiser"/> and publishes the WAV or FLAC output atomically. Single-threaded per file.
/// </summary>
public sealed class FileDenoiser(ChannelEnhancerFactory createEnhancer, AtomicFileWriter? fileWriter = null)
{
    private readonly StreamDenoiser _denoiser = new(createEnhancer);
    private readonly AtomicFileWriter _fileWriter = fileWriter ?? new AtomicFileWriter();

    /// <param name="progress">Receives (frames done, estimated total frames).</param>
    /// <exception cref="CliException">Input, output or usage problems, with a message naming the file.</exception>
    public DenoiseReport Denoise(string input, string output, bool force, SampleEncoding? outputEncoding = null,
        Action<long, long>? progress = null, CancellationToken cancel = default)
    {
        CheckPaths(input, output, force);
        var stopwatch = Stopwatch.StartNew();
        using var reader = AudioFileReader.Open(input);
        if (reader.FrameCount == 0 && reader is WavReader)
            throw new CliException(ExitCode.InputError, $"{input}: contains no audio (0 samples)");
        var container = AudioFileWriter.ContainerFor(output);
        SampleEncoding encoding;
        try { encoding = AudioFileWriter.EncodingFor(container, reader.Format.Encoding, outputEncoding); }
        catch (AudioFormatException e) { throw new CliException(ExitCode.Usage, $"{output}: {e.Message}"); }
        var format = reader.Format with { Encoding = encoding };
        string? outputDir = Path.GetDirectoryName(Path.GetFullPath(output));
        if (outputDir is not null && !Directory.Exists(outputDir))
            throw new CliException(ExitCode.OutputError, $"{output}: output folder {outputDir} does not exist");

        StreamDenoiseResult result;
        try
        {
            result = _fileWriter.Write(output, force, stream =>
            {
                using var writer = CreateWriter(stream, container, format, reader, output);
                var r = _denoiser.Run(reader, writer, frames => progress?.Invoke(frames, reader.FrameCount), cancel);
                if (r.Frames == 0) throw new AudioFormatException("contains no audio (0 samples)");
                writer.Complete();
                return r;
            });
        }
        catch (AudioFormatException e)
        {
            throw new CliException(ExitCode.InputError, $"{input}: {e.Message}");
        }
        double seconds = stopwatch.Elapsed.TotalSeconds;
        double duration = (double)result.Frames / format.SampleRate;
        return new DenoiseReport
        {
            Input = input,
            Output = output,
            Status = "done",
            SampleRate = format.SampleRate,
            Channels = format.Channels,
            Format = format.Encoding.DisplayName(),
            DurationSeconds = Math.Round(duration, 3),
            ProcessingSeconds = Math.Round(seconds, 3),
            SpeedTimesRealTime = Math.Round(duration / Math.Max(seconds, 1e-9), 1),
            NoiseReductionDb = result.NoiseReductionDb is { } nr ? Math.Round(nr, 2) : null,
            GainReductionMeanDb = result.GainReductionMeanDb is { } m ? Math.Round(m, 2) : null,
            GainReductionP95Db = result.GainReductionP95Db is { } p ? Math.Round(p, 2) : null,
            ClippedSamples = result.ClippedSamples,
            LatencySamples = result.LatencySamples,
        };
    }

    // A writer that cannot start (libFLAC missing, a rate FLAC cannot store) is the output's problem, not the input's.
    private static IAudioWriter CreateWriter(Stream stream, AudioFileWriter.Container container, AudioFormat format, IAudioReader reader, string output)
    {
        try { return AudioFileWriter.Create(stream, container, format, reader); }
        catch (AudioFormatException e) { throw new CliException(ExitCode.OutputError, $"{output}: {e.Message}"); }
    }

    private static void CheckPaths(string input, string output, bool force)
    {
        if (!File.Exists(input))
            throw new CliException(ExitCode.InputError, Directory.Exists(input) ? $"{input}: is a directory (use --batch for folders)" : $"{input}: no such file");
        if (Directory.Exists(output))
            throw new CliException(ExitCode.OutputError, $"{output}: is a directory; give an output file name");
        // Also through symlinks and hard links: the atomic rename would survive it, but the user surely meant otherwise.
        if (FileIdentity.AreSameFile(input, output) || FileIdentity.ResolvedPath(input) == FileIdentity.ResolvedPath(output))
            throw new CliException(ExitCode.OutputError, $"{output}: is the input file; refusing to overwrite the input");
        if (File.Exists(output) && !force)
            throw new CliException(ExitCode.OutputError, $"{output}: already exists (use --force to overwrite)");
    }
}
