using System.Globalization;
using System.Text.RegularExpressions;

namespace PercepNet.HostTests;

/// installer/pipewire/percepnet-mic.conf, the filter-chain config users install for OBS: its text and the LADSPA
/// control values it sets, by port name.
public static partial class ShippedPipeWireConfig
{
    /// The plug-in path written in the shipped file; install.sh replaces it with where it installed the plug-in.
    public const string ShippedPluginPath = "/usr/lib/ladspa/percepnet_ladspa.so";

    public static string Path => System.IO.Path.Combine(PluginBinaries.RepositoryRoot, "installer", "pipewire", "percepnet-mic.conf");

    public static string Text => File.ReadAllText(Path);

    [GeneratedRegex("^\\s*\"(?<name>[^\"]+)\"\\s*=\\s*(?<value>[-0-9.]+)\\s*$")]
    private static partial Regex ControlLine();

    /// The `control = { ... }` block: port name → value.
    public static Dictionary<string, double> Controls()
    {
        string config = Text;
        int start = config.IndexOf("control = {", StringComparison.Ordinal);
        Assert.True(start >= 0, "no control block in " + Path);
        string block = config[start..config.IndexOf('}', start)];
        return block.Split('\n').Select(l => ControlLine().Match(l)).Where(m => m.Success)
            .ToDictionary(m => m.Groups["name"].Value, m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));
    }

    /// The config as install.sh writes it: the same text with the plug-in path replaced.
    public static string InstalledText(string pluginPath)
    {
        string text = Text;
        Assert.Contains(ShippedPluginPath, text);
        return text.Replace(ShippedPluginPath, pluginPath);
    }
}
