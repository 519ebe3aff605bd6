using System.Runtime.CompilerServices;

namespace PercepNet.Tests;

/// <summary>Locates ../shared/data next to the repository (or $PERCEPNET_DATA): real recordings for tests.</summary>
public static class SharedData
{
    public static string Root
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("PERCEPNET_DATA");
            if (!string.IsNullOrEmpty(env)) return env;
            // The test binaries may live outside the repository (--artifacts-path), so start from this
            // source file's compile-time location.
            var dir = new DirectoryInfo(Path.GetDirectoryName(ThisFile())!);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "PercepNet.Plugin.sln"))) dir = dir.Parent;
            if (dir?.Parent == null) throw new DirectoryNotFoundException("repository root not found; set PERCEPNET_DATA");
            var data = Path.Combine(dir.Parent.FullName, "shared", "data");
            if (!File.Exists(Path.Combine(data, "MANIFEST.tsv")))
                throw new DirectoryNotFoundException($"shared data not found at {data}; set PERCEPNET_DATA");
            return data;
        }
    }

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
