namespace PercepNet.Engine.Presets;

/// <summary>Which built-in network a preset runs (the plug-ins' "Model", <c>percepnet denoise --model light|full</c>).</summary>
public enum PresetModel
{
    Light,
    Full,
}

/// <summary>
/// One factory preset: the settings it gives, in the units the plug-ins show and the command line takes (dB, %,
/// frames), so every format and the CLI read the same numbers (<see cref="FactoryPresets"/>). A preset sets the
/// strength of the enhancement only: Bypass and Stereo link (how a track is routed, not how hard it is cleaned) stay
/// as they are.
/// </summary>
/// <param name="Key">The lower-case name: <c>percepnet denoise --preset KEY</c>, CLAP's load key.</param>
/// <param name="Name">What hosts list.</param>
/// <param name="Description">One line on what it is for.</param>
public sealed record FactoryPreset(
    string Key,
    string Name,
    string Description,
    double AttenuationLimitDb,
    double PostFilterPercent,
    int Lookahead,
    double MixPercent,
    PresetModel Model);
