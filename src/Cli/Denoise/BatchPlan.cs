using PercepNet.Cli.Audio;
using PercepNet.Cli.Files;

namespace PercepNet.Cli.Denoise;

/// <summary>One input file of a batch and where its output goes.</summary>
/// <param name="Problem">Set when the file cannot be planned (e.g. two inputs map to one output).</param>
public sealed record BatchItem(string Input, string Output, string? Problem = null);

/// <summary>
/// Maps an input tree onto an output tree: every audio file below IN_DIR (by extension, recursively) becomes the
/// file at the same relative path below OUT_DIR, in its own container where we can write it (WAV stays WAV, FLAC
/// stays FLAC); MP3/Ogg inputs become WAV with a .wav name. An OUT_DIR inside IN_DIR is not
/// scanned, and half-written temp files are ignored, so re-running after an interruption picks up where it stopped.
/// </summary>
public static class BatchPlan
{
    public static IReadOnlyList<BatchItem> Create(string inputDir, string outputDir)
    {
        if (File.Exists(inputDir))
            throw new CliException(ExitCode.Usage, $"{inputDir}: is a file; --batch takes a folder (drop --batch for one file)");
        if (!Directory.Exists(inputDir))
            throw new CliException(ExitCode.InputError, $"{inputDir}: no such folder");
        if (File.Exists(outputDir))
            throw new CliException(ExitCode.OutputError, $"{outputDir}: is a file; --batch writes into a folder");
        string inRoot = FileIdentity.ResolvedPath(inputDir);
        string outRoot = FileIdentity.ResolvedPath(outputDir);
        if (inRoot == outRoot)
            throw new CliException(ExitCode.OutputError, $"{outputDir}: is the input folder; outputs would replace the inputs");

        IEnumerable<string> files;
        try
        {
            files = Directory.EnumerateFiles(inRoot, "*", new EnumerationOptions
            {
                RecurseSubdirectories = true,
                IgnoreInaccessible = false,
                AttributesToSkip = FileAttributes.None,
            }).ToList();
        }
        catch (UnauthorizedAccessException e)
        {
            throw new CliException(ExitCode.InputError, $"{inputDir}: cannot list a folder: {e.Message}");
        }

        var items = new List<BatchItem>();
        var claimed = new Dictionary<string, string>(StringComparer.Ordinal);
        string outPrefix = outRoot.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        foreach (string file in files.Order(StringComparer.Ordinal))
        {
            if (file.StartsWith(outPrefix, StringComparison.Ordinal) || AtomicFileWriter.IsTempFile(file)) continue;
            string ext = Path.GetExtension(file);
            if (!AudioFileReader.KnownExtensions.Contains(ext)) continue;
            string relative = Path.GetRelativePath(inRoot, file);
            string output = Path.Combine(outputDir, AudioFileWriter.IsWritableName(file) ? relative : Path.ChangeExtension(relative, ".wav"));
            string? problem = claimed.TryGetValue(output, out var first)
                ? $"its output {output} is already the output of {first}; rename one of them"
                : null;
            claimed.TryAdd(output, file);
            items.Add(new BatchItem(file, output, problem));
        }
        return items;
    }
}
