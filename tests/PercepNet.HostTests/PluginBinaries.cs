using PercepNet.HostTest.Hosting;

namespace PercepNet.HostTests;

/// The built plugins under dist/ at the repository root, as ./build-plugins.sh leaves them, or
/// in the folders of PERCEPNET_PLUGIN_DIR. A missing binary fails the test, never skips it.
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

    /// Folders searched in order: PERCEPNET_PLUGIN_DIR (colon-separated, e.g.
    /// ~/.clap:~/.vst3:~/.ladspa for installed copies), else dist/.
    public static IReadOnlyList<string> SearchFolders =>
        Environment.GetEnvironmentVariable("PERCEPNET_PLUGIN_DIR") is { Length: > 0 } dirs
            ? dirs.Split(':', StringSplitOptions.RemoveEmptyEntries)
            : [Path.Combine(RepositoryRoot, "dist")];

    public static string PathOf(PluginFormat format)
    {
        foreach (string folder in SearchFolders)
            if (Find(folder, format) is { } path) return path;
        Assert.Fail($"{format} plugin not found in {string.Join(", ", SearchFolders)} " +
            "(expected PercepNet.clap, PercepNet.vst3/Contents/x86_64-linux/PercepNet.so or a LADSPA *.so); run ./build-plugins.sh first");
        return "";
    }

    /// The plugin of one format inside a folder laid out like dist/ or an install target.
    public static string? Find(string folder, PluginFormat format)
    {
        if (!Directory.Exists(folder)) return null;
        string? path = format switch
        {
            PluginFormat.Clap => Path.Combine(folder, "PercepNet.clap"),
            PluginFormat.Vst3 => Path.Combine(folder, "PercepNet.vst3"),
            _ => Directory.GetFiles(folder, "*.so").OrderBy(p => p).FirstOrDefault(),
        };
        return path != null && File.Exists(PluginFormats.BinaryPath(path, format)) ? path : null;
    }

    public static IHostedPlugin Open(PluginFormat format, int channels = 1) =>
        PluginLoader.Open(PathOf(format), format, channels);
}
