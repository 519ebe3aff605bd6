namespace PercepNet.Plugin.Core;

/// <summary>
/// Stable parameter ids. Hosts store them in projects and automation lanes (CLAP clap_id,
/// VST3 ParamID, the order of LADSPA control ports follows them): never renumber.
/// </summary>
public enum ParameterId : uint
{
    /// <summary>Retired: "Suppression strength", 0–100 %, in states saved before <see cref="AttenuationLimit"/> replaced
    /// it. Kept so those states load (<see cref="PluginState"/> converts it); no parameter has this id any more. A
    /// new id rather than a new unit under the old one, because hosts store automation as plain values per id: a
    /// lane of percentages must not play back as decibels.</summary>
    Strength = 1,
    PostFilter = 2,
    Lookahead = 3,
    DryWet = 4,
    Bypass = 5,
    Model = 6,
    /// <summary>0–60 dB, in the first place of the list (and of LADSPA's control ports), where Strength was.</summary>
    AttenuationLimit = 7,
    /// <summary>Two-channel layouts: one set of gains for both channels (Engine StereoLink); no effect on mono.</summary>
    StereoLink = 8,
    /// <summary>Read-only output, the gain-reduction meter (<see cref="Parameters.GainReduction"/>): listed after the
    /// inputs, never in a state, never set by a host.</summary>
    GainReduction = 100,
    /// <summary>VST3 only: the program-change parameter that picks a factory preset (<see cref="Parameters.Preset"/>);
    /// never in a state or in <see cref="Parameters.All"/>: what a preset sets is saved as those parameters' values.</summary>
    Preset = 101,
}
