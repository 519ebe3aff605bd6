namespace PercepNet.Cli.Files;

/// <summary>
/// Writes a file so that it either appears complete or not at all: the content goes to a hidden temp file in the
/// destination folder (same file system, so the final rename is atomic), is flushed to disk, then renamed over the
/// destination. On any failure — disk full, cancel, a decoding error half-way — the temp file is deleted and an
/// existing destination is untouched.
/// </summary>
public sealed class AtomicFileWriter
{
    public const string TempSuffix = ".percepnet-partial";

    private readonly Func<string, Stream> _createTemp;

    /// <param name="createTemp">Opens the temp file; tests wrap the real file to simulate a full disk.</param>
    public AtomicFileWriter(Func<string, Stream>? createTemp = null) =>
        _createTemp = createTemp ?? (path => new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16));

    public static bool IsTempFile(string path) => path.EndsWith(TempSuffix, StringComparison.Ordinal);

    /// <summary>Runs <paramref name="write"/> on a seekable stream, then publishes it at <paramref name="destination"/>.</summary>
    /// <exception cref="CliException">OutputError for an existing destination without overwrite, or any I/O failure.</exception>
    public T Write<T>(string destination, bool overwrite, Func<Stream, T> write)
    {
        string full = Path.GetFullPath(destination);
        string dir = Path.GetDirectoryName(full)!;
        string name = Path.GetFileName(full);
        string temp = Path.Combine(dir, $".{name}.{Guid.NewGuid():N}{TempSuffix}");
        try
        {
            T result;
            using (var stream = _createTemp(temp))
            {
                result = write(stream);
                stream.Flush();
                if (stream is FileStream fs) fs.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite);
            RemoveStaleTempFiles(dir, name);
            return result;
        }
        catch (Exception e)
        {
            TryDelete(temp);
            throw e switch
            {
                CliException or OperationCanceledException => e,
                UnauthorizedAccessException => new CliException(ExitCode.OutputError, $"{destination}: permission denied (cannot write in {dir})", e),
                IOException when File.Exists(full) && !overwrite => new CliException(ExitCode.OutputError, $"{destination}: already exists (use --force to overwrite)", e),
                DirectoryNotFoundException => new CliException(ExitCode.OutputError, $"{destination}: output folder {dir} does not exist", e),
                IOException io => new CliException(ExitCode.OutputError, $"{destination}: write failed: {io.Message}", e),
                _ => e,
            };
        }
    }

    // Temp files of this destination left by a killed earlier run (kill -9, power loss): never published, safe to drop.
    private static void RemoveStaleTempFiles(string dir, string name)
    {
        try
        {
            foreach (var stale in Directory.EnumerateFiles(dir, $".{name}.*{TempSuffix}")) TryDelete(stale);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
