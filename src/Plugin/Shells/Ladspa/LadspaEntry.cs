using System.Runtime.InteropServices;
using PercepNet.Plugin.Core;

namespace PercepNet.Plugin.Shells.Ladspa;

/// <summary>
/// `ladspa_descriptor(index)`, the one symbol a LADSPA host looks up: index 0 is the mono
/// plug-in, 1 the stereo one (two independent channels), then NULL. Descriptors are built on
/// first use and live as long as the library.
/// </summary>
internal static unsafe class LadspaEntry
{
    static readonly (uint Id, string Label, string Name, int Channels)[] Plugins =
    [
        (PluginInfo.LadspaIdMono, PluginInfo.LadspaLabelMono, PluginInfo.Name + " speech enhancer (mono)", 1),
        (PluginInfo.LadspaIdStereo, PluginInfo.LadspaLabelStereo, PluginInfo.Name + " speech enhancer (stereo)", 2),
    ];

    static readonly LadspaDescriptor*[] Descriptors = Build();

    [UnmanagedCallersOnly(EntryPoint = "ladspa_descriptor")]
    static LadspaDescriptor* GetDescriptor(nuint index) => index < (nuint)Descriptors.Length ? Descriptors[(int)index] : null;

    public static int ChannelsOf(LadspaDescriptor* descriptor)
    {
        for (int i = 0; i < Descriptors.Length; i++)
            if (Descriptors[i] == descriptor) return Plugins[i].Channels;
        return 0;
    }

    static LadspaDescriptor*[] Build()
    {
        var result = new LadspaDescriptor*[Plugins.Length];
        for (int i = 0; i < Plugins.Length; i++)
        {
            var info = Plugins[i];
            var ports = new LadspaPorts(info.Channels);
            var d = (LadspaDescriptor*)NativeMemory.AllocZeroed((nuint)sizeof(LadspaDescriptor));
            d->UniqueId = info.Id;
            d->Label = NativeText.AllocPermanentUtf8(info.Label);
            d->Properties = LadspaConstants.PropertyHardRtCapable;
            d->Name = NativeText.AllocPermanentUtf8(info.Name);
            d->Maker = NativeText.AllocPermanentUtf8(PluginInfo.Vendor);
            d->Copyright = NativeText.AllocPermanentUtf8("None");
            d->PortCount = (nuint)ports.Count;
            d->PortDescriptors = (int*)NativeMemory.AllocZeroed((nuint)(sizeof(int) * ports.Count));
            d->PortNames = (byte**)NativeMemory.AllocZeroed((nuint)(sizeof(byte*) * ports.Count));
            d->PortRangeHints = (LadspaPortRangeHint*)NativeMemory.AllocZeroed((nuint)(sizeof(LadspaPortRangeHint) * ports.Count));
            for (int p = 0; p < ports.Count; p++)
            {
                d->PortDescriptors[p] = ports.Descriptor(p);
                d->PortNames[p] = NativeText.AllocPermanentUtf8(ports.Name(p));
                d->PortRangeHints[p] = ports.RangeHint(p);
            }
            d->Instantiate = &LadspaInstance.Instantiate;
            d->ConnectPort = &LadspaInstance.ConnectPort;
            d->Activate = &LadspaInstance.Activate;
            d->Run = &LadspaInstance.Run;
            d->RunAdding = null;
            d->SetRunAddingGain = null;
            d->Deactivate = &LadspaInstance.Deactivate;
            d->Cleanup = &LadspaInstance.Cleanup;
            result[i] = d;
        }
        return result;
    }
}
