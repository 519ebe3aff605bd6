using System.Runtime.InteropServices;
using PercepNet.Engine.Presets;
using PercepNet.Plugin.Core;

namespace PercepNet.Plugin.Shells.Clap;

/// <summary>
/// clap.preset-load (ext/preset-load.h): the host loads a preset that preset discovery listed
/// (<see cref="ClapPresetDiscovery"/>): location kind PLUGIN, location null, the preset's key as load key. The values go
/// the way a state load goes (<see cref="PercepNetProcessor.LoadPreset"/>: through the mailbox while active), then the
/// host is told to re-read the values, asked for a restart when the preset changed the lookahead, and told which preset
/// is loaded; a load key we do not have goes to the host's on_error. [main-thread]
/// </summary>
internal static unsafe class ClapPresetLoadExtension
{
    public static readonly ClapPluginPresetLoad* Table = Build();

    static ClapPluginPresetLoad* Build()
    {
        var table = (ClapPluginPresetLoad*)NativeMemory.AllocZeroed((nuint)sizeof(ClapPluginPresetLoad));
        table->FromLocation = &FromLocation;
        return table;
    }

    [UnmanagedCallersOnly]
    static byte FromLocation(ClapPlugin* plugin, uint kind, byte* location, byte* loadKey)
    {
        var self = ClapPluginInstance.From(plugin);
        if (self is null) return 0;
        try
        {
            string? key = NativeText.ReadUtf8(loadKey);
            int preset = -1;
            for (int p = 0; p < FactoryPresets.All.Length; p++)
                if (FactoryPresets.All[p].Key == key) preset = p;
            if (kind != ClapPresetDiscoveryLocation.KindPlugin || location != null || preset < 0)
            {
                self.PresetLoadFailed(kind, location, loadKey,
                    kind != ClapPresetDiscoveryLocation.KindPlugin || location != null
                        ? "PercepNet has no preset files: its presets are inside the plug-in (location kind PLUGIN, no location)"
                        : $"PercepNet has no preset '{key}'; its presets are {FactoryPresets.Keys}");
                return 0;
            }
            if (!self.Processor.LoadPreset(preset)) return 0;
            self.AfterValuesLoaded();
            self.PresetLoaded(kind, location, loadKey);
            return 1;
        }
        catch (Exception)
        {
            return 0;
        }
    }
}
