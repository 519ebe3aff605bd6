using System.Runtime.CompilerServices;

namespace PercepNet.Tests;

/// <summary>What a test reads from ../shared, which a clone of this repository alone does not have.</summary>
public enum SharedNeed
{
    /// <summary>The real recordings: shared/data (MANIFEST.tsv and the audio it lists), or $PERCEPNET_DATA.</summary>
    Recordings,
    /// <summary>The DNSMOS models: shared/eval-models/dnsmos (sig_bak_ovr.onnx), or eval-models/dnsmos beside $PERCEPNET_DATA.</summary>
    DnsmosModels,
}

/// <summary>
/// Locates ../shared next to the repository: real recordings (shared/data, or $PERCEPNET_DATA) and the
/// DNSMOS models (shared/eval-models/dnsmos, or eval-models/dnsmos beside $PERCEPNET_DATA) for tests.
/// Never committed here. A clone alone lacks them: the tests that need them are marked with
/// <see cref="SharedDataFactAttribute"/> / <see cref="SharedDataTheoryAttribute"/> and skipped then, except in CI.
/// </summary>
public static class SharedData
{
    public static string Root
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("PERCEPNET_DATA");
            if (!string.IsNullOrEmpty(env)) return env;
            var data = Path.Combine(SharedFolder, "data");
            if (!File.Exists(Path.Combine(data, "MANIFEST.tsv")))
                throw new DirectoryNotFoundException($"shared data not found at {data}; set PERCEPNET_DATA");
            return data;
        }
    }

    /// <summary>shared/eval-models/dnsmos; with $PERCEPNET_DATA set, beside that data folder as in shared/.</summary>
    public static string DnsmosModels
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("PERCEPNET_DATA");
            var shared = string.IsNullOrEmpty(env) ? SharedFolder : Path.GetDirectoryName(Path.GetFullPath(env.TrimEnd('/')))!;
            return Path.Combine(shared, "eval-models", "dnsmos");
        }
    }

    /// <summary>Whether <paramref name="need"/> is on this machine, judged by the file each consumer opens first.</summary>
    public static bool Has(SharedNeed need)
    {
        try
        {
            return need switch
            {
                SharedNeed.Recordings => File.Exists(Path.Combine(Root, "MANIFEST.tsv")),
                _ => File.Exists(Path.Combine(DnsmosModels, "sig_bak_ovr.onnx")),
            };
        }
        catch (DirectoryNotFoundException)
        {
            return false;   // no repository root above this source file and no PERCEPNET_DATA
        }
    }

    /// <summary>
    /// The one-line reason a test that needs <paramref name="need"/> is skipped, or null when it must run: the data
    /// is here, or this is CI (CI=true, as CI services set it), where a missing ../shared has to fail the test rather
    /// than let the run pass by skipping it.
    /// </summary>
    public static string? SkipReason(SharedNeed need)
    {
        if (Has(need) || RunningInCi) return null;
        return need == SharedNeed.Recordings
            ? "needs the real recordings of ../shared/data: clone beside ../shared or set PERCEPNET_DATA to a copy of shared/data (CI=true fails instead)"
            : "needs the DNSMOS models of ../shared/eval-models/dnsmos: clone beside ../shared or set PERCEPNET_DATA to a data folder with eval-models/dnsmos beside it (CI=true fails instead)";
    }

    private static bool RunningInCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// ../shared beside the repository root. The test binaries may live outside the repository
    /// (--artifacts-path), so the search starts from this source file's compile-time location.
    /// </summary>
    private static string SharedFolder
    {
        get
        {
            var dir = new DirectoryInfo(Path.GetDirectoryName(ThisFile())!);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "PercepNet.Plugin.sln"))) dir = dir.Parent;
            if (dir?.Parent == null) throw new DirectoryNotFoundException("repository root not found; set PERCEPNET_DATA");
            return Path.Combine(dir.Parent.FullName, "shared");
        }
    }

    private static string ThisFile([CallerFilePath] string path = "") => path;
}

/// <summary>A fact that reads ../shared: skipped with <see cref="SharedData.SkipReason"/> where it is missing, outside CI.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute(SharedNeed need = SharedNeed.Recordings) => Skip = SharedData.SkipReason(need);
}

/// <summary>A theory that reads ../shared: skipped with <see cref="SharedData.SkipReason"/> where it is missing, outside CI.</summary>
public sealed class SharedDataTheoryAttribute : TheoryAttribute
{
    public SharedDataTheoryAttribute(SharedNeed need = SharedNeed.Recordings) => Skip = SharedData.SkipReason(need);
}
