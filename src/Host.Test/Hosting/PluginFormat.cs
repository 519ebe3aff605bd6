namespace PercepNet.HostTest.Hosting;

public enum PluginFormat { Clap, Vst3, Ladspa }

public static class PluginFormats
{
    public static PluginFormat Parse(string text) => text.ToLowerInvariant() switch
    {
        "clap" => PluginFormat.Clap,
        "vst3" => PluginFormat.Vst3,
        "ladspa" => PluginFormat.Ladspa,
        _ => throw new ArgumentException($"unknown plugin format '{text}' (clap, vst3 or ladspa)"),
    };

    /// Guesses the format from the path the way users name them: `.clap`, a `.vst3` bundle
    /// (or the .so inside it), anything else is taken as LADSPA.
    public static PluginFormat FromPath(string path)
    {
        string full = Path.GetFullPath(path).TrimEnd('/');
        if (full.EndsWith(".clap", StringComparison.OrdinalIgnoreCase)) return PluginFormat.Clap;
        if (full.Contains(".vst3", StringComparison.OrdinalIgnoreCase)) return PluginFormat.Vst3;
        return PluginFormat.Ladspa;
    }

    /// The shared object to dlopen: a VST3 bundle directory resolves to
    /// Contents/x86_64-linux/NAME.so as the VST3 module layout prescribes.
    public static string BinaryPath(string path, PluginFormat format)
    {
        string full = Path.GetFullPath(path).TrimEnd('/');
        if (format == PluginFormat.Vst3 && Directory.Exists(full))
        {
            string name = Path.GetFileNameWithoutExtension(full);
            return Path.Combine(full, "Contents", "x86_64-linux", name + ".so");
        }
        return full;
    }
}
