using System.Diagnostics;
using System.Runtime.InteropServices;
using PercepNet.Cli.Audio;
using PercepNet.Cli.Evaluate;
using PercepNet.Engine.Resampling;

namespace PercepNet.Cli.Dataset;

/// <summary>
/// Decodes shared/data files once into raw 48 kHz float32 mono files in a cache outside the repo, then serves
/// them as float arrays. FLAC and WAV go through sox, with its very-high-quality `rate -v` resampler. Ogg Vorbis
/// and MP3 are decoded in-process by the CLI's own readers (channel mean, Engine resampler), so a data root
/// transcoded to Ogg can be mixed on a machine without sox (the GPU machine, training/gpu/README.md).
/// A missing or undecodable file is reported by name and skipped (returns null).
/// </summary>
public sealed class AudioCache(string dataRoot, string cacheDir, TextWriter log)
{
    public static string DefaultCacheDir =>
        Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "percepnet", "data48k");

    public float[]? Load(string relativePath) =>
        Load(Path.Combine(dataRoot, relativePath), Path.Combine(cacheDir, relativePath + ".f32"));

    /// <summary>A file of any root: shared/data's own files as above, an extra root's under extra/NAME/ in the cache.</summary>
    public float[]? Load(DataFile file) =>
        file.Root.Length == 0 || Path.GetFullPath(file.Root) == Path.GetFullPath(dataRoot)
            ? Load(file.Path)
            : Load(Path.Combine(file.Root, file.Path), Path.Combine(cacheDir, "extra", Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(file.Root))), file.Path + ".f32"));

    private float[]? Load(string source, string cached)
    {
        try
        {
            if (!File.Exists(cached))
            {
                if (!File.Exists(source)) { Warn($"missing data file, skipped: {source}"); return null; }
                Directory.CreateDirectory(Path.GetDirectoryName(cached)!);
                string tmp = cached + $".{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.tmp";
                if (AudioFileReader.Identify(source) is AudioFileReader.Container.Ogg or AudioFileReader.Container.Mp3)
                {
                    if (!DecodeInProcess(source, tmp)) return null;
                    File.Move(tmp, cached, overwrite: true);
                    return Read(cached, source);
                }
                var psi = new ProcessStartInfo("sox", ["-V1", source, "-t", "raw", "-e", "floating-point", "-b", "32", "-c", "1", tmp, "remix", "1", "rate", "-v", "48000"])
                { RedirectStandardError = true, UseShellExecute = false };
                using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start sox");
                string err = p.StandardError.ReadToEnd();
                p.WaitForExit();
                if (p.ExitCode != 0) { File.Delete(tmp); Warn($"cannot decode {source} (sox: {err.Trim()}), skipped"); return null; }
                File.Move(tmp, cached, overwrite: true);
            }
            return Read(cached, source);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            Warn($"cannot read {source}: {e.Message}; skipped");
            return null;
        }
    }

    private float[]? Read(string cached, string source)
    {
        // Straight into the float array: a byte[] read and copied (twice the clip, garbage on the large-object heap)
        // made loading the wide speech root peak at 10.7 GB instead of 7.6 (docs/generalization.md, eighth session).
        using var file = File.OpenHandle(cached);
        var samples = new float[RandomAccess.GetLength(file) / sizeof(float)];
        var bytes = MemoryMarshal.AsBytes(samples.AsSpan());
        for (int read = 0, n; read < bytes.Length; read += n)
            if ((n = RandomAccess.Read(file, bytes[read..], read)) == 0) throw new IOException($"{cached} shrank while read");
        for (int i = 0; i < samples.Length; i++) if (!float.IsFinite(samples[i])) samples[i] = 0;
        if (samples.Length == 0) { Warn($"empty audio in {source}, skipped"); return null; }
        return samples;
    }

    private bool DecodeInProcess(string source, string tmp)
    {
        try
        {
            var audio = MonoAudio.Load(source);
            float[] at48k = WholeSignalResampler.Resample(audio.Samples, audio.SampleRate, Rate);
            using (var output = File.Create(tmp)) output.Write(MemoryMarshal.AsBytes(at48k.AsSpan()));
            return true;
        }
        // The decoders throw their own exceptions for damage past the header; one bad file must not stop a run.
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            try { File.Delete(tmp); } catch (IOException) { }
            Warn($"cannot decode {source} ({e.Message}), skipped");
            return false;
        }
    }

    private const int Rate = 48000;

    private void Warn(string message)
    {
        lock (log) log.WriteLine("warning: " + message);
    }
}
