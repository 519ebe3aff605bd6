using System.Runtime.InteropServices;

namespace PercepNet.Plugin.Shells.Clap;

/// <summary>
/// clap.audio-ports: one main input and one main output, mono or stereo per plug-in id. The
/// output may reuse the input's buffer (in_place_pair), which the processor supports.
/// </summary>
internal static unsafe class ClapAudioPortsExtension
{
    public static readonly ClapPluginAudioPorts* Table = Build();
    static readonly byte* Mono = NativeText.AllocPermanentUtf8("mono");
    static readonly byte* Stereo = NativeText.AllocPermanentUtf8("stereo");

    static ClapPluginAudioPorts* Build()
    {
        var table = (ClapPluginAudioPorts*)NativeMemory.AllocZeroed((nuint)sizeof(ClapPluginAudioPorts));
        table->Count = &Count;
        table->Get = &Get;
        return table;
    }

    [UnmanagedCallersOnly]
    static uint Count(ClapPlugin* plugin, byte isInput) => 1;

    [UnmanagedCallersOnly]
    static byte Get(ClapPlugin* plugin, uint index, byte isInput, ClapAudioPortInfo* info)
    {
        var self = ClapPluginInstance.From(plugin);
        if (self is null || index != 0 || info == null) return 0;
        info->Id = 0;
        NativeText.WriteUtf8(isInput != 0 ? "Input" : "Output", info->Name, ClapStrings.NameSize);
        info->Flags = ClapAudioPortInfo.FlagIsMain;
        info->ChannelCount = (uint)self.ChannelCount;
        info->PortType = self.ChannelCount == 1 ? Mono : Stereo;
        info->InPlacePair = 0;
        return 1;
    }
}
