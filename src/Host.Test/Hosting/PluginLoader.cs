using PercepNet.HostTest.Clap;
using PercepNet.HostTest.Ladspa;
using PercepNet.HostTest.Vst3;

namespace PercepNet.HostTest.Hosting;

/// Opens a plugin file in the given (or guessed) format and instantiates its first plugin.
public static class PluginLoader
{
    public static IHostedPlugin Open(string path, PluginFormat? format = null, int channels = 1)
    {
        PluginFormat actual = format ?? PluginFormats.FromPath(path);
        string binary = PluginFormats.BinaryPath(path, actual);
        return actual switch
        {
            PluginFormat.Clap => new ClapPluginInstance(ClapModule.Load(binary), channels),
            PluginFormat.Vst3 => new Vst3PluginInstance(Vst3Module.Load(binary), channels),
            PluginFormat.Ladspa => new LadspaPluginInstance(LadspaModule.Load(binary), channels),
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };
    }
}
