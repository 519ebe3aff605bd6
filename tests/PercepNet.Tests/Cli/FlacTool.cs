using System.Diagnostics;

namespace PercepNet.Tests.Cli;

/// <summary>
/// The reference FLAC tools (Debian package flac: `flac`, `metaflac`; scripts/install-deps.sh installs them). The
/// tests make their FLAC inputs and check the CLI's FLAC outputs with them, so our reader and writer are each
/// checked against an encoder and a decoder that are not ours.
/// </summary>
internal static class FlacTool
{
    public static void Encode(string wav, string flac, params string[] tags) =>
        Run("flac", ["-s", "-f", .. tags.Select(t => "--tag=" + t), wav, "-o", flac]);

    /// <summary>Decodes to WAV; also verifies every frame CRC and the MD5 signature (flac -d fails otherwise).</summary>
    public static void Decode(string flac, string wav) => Run("flac", "-s", "-d", "-f", flac, "-o", wav);

    public static string[] Tags(string flac) =>
        Run("metaflac", "--export-tags-to=-", flac).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>STREAMINFO as metaflac reads it: bits per sample, rate, channels, total samples.</summary>
    public static (int Bits, int Rate, int Channels, long Samples) StreamInfo(string flac)
    {
        var v = Run("metaflac", "--show-bps", "--show-sample-rate", "--show-channels", "--show-total-samples", flac)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return (int.Parse(v[0]), int.Parse(v[1]), int.Parse(v[2]), long.Parse(v[3]));
    }

    public static string Run(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        Process process;
        try { process = Process.Start(start)!; }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"`{tool}` is needed by the FLAC tests (apt-get install flac; scripts/install-deps.sh): {e.Message}");
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            string stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0) throw new InvalidOperationException($"{tool} {string.Join(' ', args)} failed ({process.ExitCode}): {stderr}");
            return stdout.Result;
        }
    }
}
