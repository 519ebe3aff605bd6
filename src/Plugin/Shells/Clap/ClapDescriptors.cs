using System.Runtime.InteropServices;
using PercepNet.Plugin.Core;

namespace PercepNet.Plugin.Shells.Clap;

/// <summary>
/// The two CLAP plug-ins in the factory: the same effect with a mono or a stereo main port
/// (CLAP ports are fixed per plug-in, docs/DESIGN.md §6 asks for both). Built once, never freed.
/// </summary>
internal static unsafe class ClapDescriptors
{
    static readonly (string Id, string Name, int Channels)[] Layouts =
    [
        (PluginInfo.ClapIdMono, PluginInfo.Name + " (Mono)", 1),
        (PluginInfo.ClapIdStereo, PluginInfo.Name + " (Stereo)", 2),
    ];

    static readonly ClapPluginDescriptor*[] Descriptors = Build();

    public static int Count => Layouts.Length;
    public static ClapPluginDescriptor* Get(int index) => Descriptors[index];
    public static int ChannelCount(int index) => Layouts[index].Channels;

    public static int IndexOf(byte* pluginId)
    {
        for (int i = 0; i < Descriptors.Length; i++)
            if (NativeText.EqualsUtf8(pluginId, MemoryMarshal.CreateReadOnlySpanFromNullTerminated(Descriptors[i]->Id)))
                return i;
        return -1;
    }

    static ClapPluginDescriptor*[] Build()
    {
        var result = new ClapPluginDescriptor*[Layouts.Length];
        for (int i = 0; i < Layouts.Length; i++)
        {
            var d = (ClapPluginDescriptor*)NativeMemory.AllocZeroed((nuint)sizeof(ClapPluginDescriptor));
            d->ClapVersion = ClapVersion.Current;
            d->Id = NativeText.AllocPermanentUtf8(Layouts[i].Id);
            d->Name = NativeText.AllocPermanentUtf8(Layouts[i].Name);
            d->Vendor = NativeText.AllocPermanentUtf8(PluginInfo.Vendor);
            d->Url = NativeText.AllocPermanentUtf8(PluginInfo.Url);
            d->ManualUrl = NativeText.AllocPermanentUtf8("");
            d->SupportUrl = NativeText.AllocPermanentUtf8("");
            d->Version = NativeText.AllocPermanentUtf8(PluginInfo.Version);
            d->Description = NativeText.AllocPermanentUtf8(PluginInfo.Description);
            // Feature strings from clap/plugin-features.h.
            string[] features = ["audio-effect", "restoration", Layouts[i].Channels == 1 ? "mono" : "stereo"];
            var list = (byte**)NativeMemory.AllocZeroed((nuint)(sizeof(byte*) * (features.Length + 1)));
            for (int f = 0; f < features.Length; f++) list[f] = NativeText.AllocPermanentUtf8(features[f]);
            d->Features = list;
            result[i] = d;
        }
        return result;
    }
}
