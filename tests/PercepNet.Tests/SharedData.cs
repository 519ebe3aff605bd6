using System.Runtime.CompilerServices;

namespace PercepNet.Tests;

/// <summary>
/// Locates ../shared next to the repository: real recordings (shared/data, or $PERCEPNET_DATA) and the
/// DNSMOS models (shared/eval-models/dnsmos, or eval-models/dnsmos beside $PERCEPNET_DATA) for tests.
/// Never committed here.
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
