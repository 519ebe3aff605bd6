namespace PercepNet.Engine.Presets;

/// <summary>
/// The factory presets, declared once: the plug-ins list them (CLAP preset discovery, the VST3 program list) and
/// <c>percepnet denoise --preset NAME</c> takes them. Why each value, measured on our dev split (24 mixtures per SNR
/// and their 24 clean clips through the CLI; README "Presets"):
/// <list type="bullet">
/// <item><b>Default</b>: the parameters' defaults, listed so a host can go back to them.</item>
/// <item><b>Gentle</b>: no band ever goes more than 12 dB down, and the comb filter runs at 12/60 of its strength; no
/// post-filter. Noise drops by about 10 dB in the pauses (default: 15–19) and clean speech comes out closer to its
/// input than with the default (SI-SDR 41.2 against 39.4 dB; speech band 43.6 against 41.4).</item>
/// <item><b>Broadcast</b>: the default's network and post-filter, with the floor at 24 dB, so long pauses keep a steady
/// low room tone instead of falling up to 60 dB below the noise between words (no pumping); within 0.11 dB SI-SDR of the
/// default on noisy speech.</item>
/// <item><b>Strongest</b>: the most the controls give: 60 dB, full post-filter, and two frames of lookahead (10 ms
/// more latency). Light, because Full removes no more (level in speech pauses and on the gain-reduction meter) and dims
/// the first word after digital silence.</item>
/// </list>
/// </summary>
public static class FactoryPresets
{
    public static readonly FactoryPreset Default = new("default", "Default",
        "The defaults: 60 dB limit, full post-filter, 1 frame of lookahead, Light",
        AttenuationLimitDb: 60, PostFilterPercent: 100, Lookahead: 1, MixPercent: 100, PresetModel.Light);

    public static readonly FactoryPreset Gentle = new("gentle", "Gentle",
        "Lowers noise by up to 12 dB and leaves the voice as it is",
        AttenuationLimitDb: 12, PostFilterPercent: 0, Lookahead: 1, MixPercent: 100, PresetModel.Light);

    public static readonly FactoryPreset Broadcast = new("broadcast", "Broadcast",
        "Full cleaning with a steady floor 24 dB down in pauses, at the default latency",
        AttenuationLimitDb: 24, PostFilterPercent: 100, Lookahead: 1, MixPercent: 100, PresetModel.Light);

    public static readonly FactoryPreset Strongest = new("strongest", "Strongest",
        "The most suppression: 60 dB limit, full post-filter, 2 frames of lookahead (40 ms latency)",
        AttenuationLimitDb: 60, PostFilterPercent: 100, Lookahead: 2, MixPercent: 100, PresetModel.Light);

    /// <summary>In the order hosts list them; an index here is the VST3 program number. New presets go at the end.</summary>
    public static readonly FactoryPreset[] All = [Default, Gentle, Broadcast, Strongest];

    /// <summary>A preset by its key or its name, any case; null when there is none.</summary>
    public static FactoryPreset? Find(string? name)
    {
        if (name is null) return null;
        foreach (var preset in All)
            if (string.Equals(preset.Key, name.Trim(), StringComparison.OrdinalIgnoreCase)
                || string.Equals(preset.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
                return preset;
        return null;
    }

    /// <summary>Index in <see cref="All"/>, or -1.</summary>
    public static int IndexOf(FactoryPreset preset) => Array.IndexOf(All, preset);

    /// <summary>The keys, for messages: "default, gentle, broadcast, strongest".</summary>
    public static string Keys => string.Join(", ", All.Select(p => p.Key));
}
