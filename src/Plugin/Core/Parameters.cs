using PercepNet.Engine.Presets;

namespace PercepNet.Plugin.Core;

/// <summary>
/// The plug-in's parameters, in the order every format lists them (issue 6 / docs/DESIGN.md §4, §6).
/// Defaults equal the Engine's defaults, so an untouched plug-in sounds like `percepnet denoise`.
/// </summary>
public static class Parameters
{
    /// <summary>How far any band may be attenuated, in dB as on the command line (--attenuation-limit); it also scales
    /// the comb filter, so 0 dB passes the input through (docs/DESIGN.md §4). Replaced "Suppression strength" (%):
    /// a state saved with that loads as the same sound (<see cref="PluginState"/>).</summary>
    public static readonly Parameter AttenuationLimit = new(ParameterId.AttenuationLimit,
        "Attenuation limit", "Atten. limit", "dB", ParameterKind.Decibels, 0, 60, 60);

    public static readonly Parameter PostFilter = new(ParameterId.PostFilter,
        "Post-filter amount", "Post-filter", "%", ParameterKind.Percent, 0, 100, 100);

    /// <summary>Lookahead frames of 10 ms; changes the latency, so formats apply it only on (re)activation.</summary>
    public static readonly Parameter Lookahead = new(ParameterId.Lookahead,
        "Lookahead", "Lookahead", "frames", ParameterKind.Frames, 0, 2, 1);

    public static readonly Parameter DryWet = new(ParameterId.DryWet,
        "Dry/wet mix", "Dry/wet", "%", ParameterKind.Percent, 0, 100, 100);

    public static readonly Parameter Bypass = new(ParameterId.Bypass,
        "Bypass", "Bypass", "", ParameterKind.Toggle, 0, 1, 0);

    /// <summary>Which embedded network runs: Light (the default: level with Full on the dev split at a fraction of
    /// the compute, models/MODEL_CARD.md "Which model is the default") or Full (the paper's size). Same latency; switches
    /// without a host restart, cross-fading after the incoming network has settled (ModelCrossfade). The parameter came
    /// after the first release, which ran Full, so a state without it opens with Full; every later state stores it.</summary>
    public static readonly Parameter Model = new(ParameterId.Model,
        "Model", "Model", "", ParameterKind.Choice, 0, 1, 1, ["Full", "Light"], valueWhenAbsentFromState: 0);

    /// <summary>Stereo layouts: on (the default), the mid signal decides one set of gains and comb strengths per hop and
    /// both channels apply it, so a voice keeps its place in the image; off, each channel runs on its own (two
    /// microphones on one track), as every release before it did, which is why a state without it opens with it off.
    /// Mono layouts ignore it. Switches per hop, without a restart or a latency change.</summary>
    public static readonly Parameter StereoLink = new(ParameterId.StereoLink,
        "Stereo link", "Link", "", ParameterKind.Toggle, 0, 1, 1, valueWhenAbsentFromState: 0);
    /// <summary>New parameters go at the end: LADSPA hosts address control ports by position (the `latency` output
    /// port after them moves up by one; hosts find it by name).</summary>
    public static readonly Parameter[] All = [AttenuationLimit, PostFilter, Lookahead, DryWet, Bypass, Model, StereoLink];

    public static int Count => All.Length;

    /// <summary>The gain-reduction meter, in dB: what the suppressor takes away now (speech band, energy-weighted,
    /// compressor-style smoothing; <see cref="PercepNetProcessor.GainReductionDb"/>). A read-only output: CLAP and
    /// VST3 list it after the inputs flagged read-only, LADSPA has an output control port for it after `latency`.
    /// Not in <see cref="All"/>, so states, LADSPA's input ports and the mailbox never see it.</summary>
    public static readonly Parameter GainReduction = new(ParameterId.GainReduction,
        "Gain reduction", "Gain red.", "dB", ParameterKind.Decibels, 0, 60, 0);

    /// <summary>The read-only outputs, in the order formats list them after <see cref="All"/>.</summary>
    public static readonly Parameter[] Outputs = [GainReduction];

    /// <summary>The factory preset to load, by its place in <see cref="FactoryPresets.All"/>: VST3's program-change
    /// parameter, which hosts show as the plug-in's program list (CLAP hosts find the presets through preset discovery,
    /// LADSPA has none). Choosing one sets the parameters <see cref="FactoryPresetValues"/> names. Not in
    /// <see cref="All"/>: states, the mailbox and LADSPA's ports never see it.</summary>
    public static readonly Parameter Preset = new(ParameterId.Preset,
        "Preset", "Preset", "", ParameterKind.Choice, 0, FactoryPresets.All.Length - 1, 0,
        [.. FactoryPresets.All.Select(p => p.Name)]);

    /// <summary>An input parameter, an output or the preset selector by id (value↔text works for all); null for an
    /// unknown id.</summary>
    public static Parameter? FindAny(uint id) => Find(id) ?? (uint)id switch
    {
        (uint)ParameterId.GainReduction => GainReduction,
        (uint)ParameterId.Preset => Preset,
        _ => null,
    };

    /// <summary>Index in <see cref="All"/> of a parameter id, or -1 for an unknown id (never throws).</summary>
    public static int IndexOf(uint id)
    {
        for (int i = 0; i < All.Length; i++)
            if ((uint)All[i].Id == id) return i;
        return -1;
    }

    public static Parameter? Find(uint id)
    {
        int i = IndexOf(id);
        return i < 0 ? null : All[i];
    }
}
