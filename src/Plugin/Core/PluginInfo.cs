namespace PercepNet.Plugin.Core;

/// <summary>
/// Identity of the plug-in as every format shows it. These ids are stored in users' projects:
/// never change them (a change makes hosts treat the plug-in as a different one).
/// </summary>
public static class PluginInfo
{
    public const string Name = "PercepNet";
    public const string Vendor = "PercepNet.Plugin";
    public const string Url = "";
    public const string Version = "0.1.0";
    public const string Description = "Real-time speech enhancement (PercepNet: ERB-band gains, pitch comb filter, post-filter)";

    /// <summary>CLAP plug-in ids, one per channel layout (docs/DESIGN.md §6: mono and stereo).</summary>
    public const string ClapIdMono = "org.percepnet.plugin.mono";
    public const string ClapIdStereo = "org.percepnet.plugin.stereo";

    /// <summary>
    /// VST3 class id of the single-component effect (processor and controller are one object),
    /// as the four 32-bit words of the SDK's INLINE_UID; Contents/Resources/moduleinfo.json
    /// repeats it as 32 hex digits.
    /// </summary>
    public static readonly uint[] Vst3ClassIdWords = [0x5045524Eu, 0x43455054u, 0x4E455431u, 0x2D465801u];

    /// <summary>LADSPA unique ids (below 0x1000000 as the header asks) and labels (no white space).</summary>
    public const uint LadspaIdMono = 0x50_4E_31; // "PN1"
    public const uint LadspaIdStereo = 0x50_4E_32; // "PN2"
    public const string LadspaLabelMono = "percepnet_mono";
    public const string LadspaLabelStereo = "percepnet_stereo";
}
