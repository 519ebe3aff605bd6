using PercepNet.HostTest.Hosting;

namespace PercepNet.HostTests;

/// The built plugins under dist/ at the repository root, as ./build-plugins.sh leaves them, or
/// under PERCEPNET_PLUGIN_DIR (e.g. an installed copy: a folder holding PercepNet.clap,
/// PercepNet.vst3 and the LADSPA .so). A missing binary fails the test, never skips it.
public static class PluginBinaries
{
    public static readonly TheoryData<PluginFormat> AllFormats = new() { PluginFormat.Clap, PluginFormat.Vst3, PluginFormat.Ladspa };
    public static readonly TheoryData<PluginFormat> StatefulFormats = new() { PluginFormat.Clap, PluginFormat.Vst3 };

    /// Found above the test binaries, or (with --artifacts-path elsewhere) above this source file
    /// or the working directory.
    public static string RepositoryRoot
    {
        get
        {
            foreach (string start in new[] { AppContext.BaseDirectory, SourceDirectory(), Environment.CurrentDirectory })
                for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
                    if (File.Exists(Path.Combine(dir.FullName, "PercepNet.Plugin.sln"))) return dir.FullName;
            throw new InvalidOperationException($"no PercepNet.Plugin.sln above {AppContext.BaseDirectory} or {SourceDirectory()}");
        }
    }

    static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string file = "") =>
        Path.GetDirectoryName(file) ?? "/";

    public static string Dist =>
        Environment.GetEnvironmentVariable("PERCEPNET_PLUGIN_DIR") is { Length: > 0 } dir ? dir : Path.Combine(RepositoryRoot, "dist");

    public static string PathOf(PluginFormat format)
    {
        string path = format switch
        {
            PluginFormat.Clap => Path.Combine(Dist, "PercepNet.clap"),
            PluginFormat.Vst3 => Path.Combine(Dist, "PercepNet.vst3"),
            _ => Directory.Exists(Dist) ? Directory.GetFiles(Dist, "*.so").OrderBy(p => p).FirstOrDefault() ?? "" : "",
        };
        bool present = format == PluginFormat.Vst3
            ? File.Exists(PluginFormats.BinaryPath(path, format))
            : File.Exists(path);
        Assert.True(present,
            $"{format} plugin not found in {Dist} (expected {(path == "" ? "a LADSPA *.so" : path)}); run ./build-plugins.sh first");
        return path;
    }

    public static IHostedPlugin Open(PluginFormat format, int channels = 1) =>
        PluginLoader.Open(PathOf(format), format, channels);
}
