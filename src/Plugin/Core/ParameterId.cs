namespace PercepNet.Plugin.Core;

/// <summary>
/// Stable parameter ids. Hosts store them in projects and automation lanes (CLAP clap_id,
/// VST3 ParamID, the order of LADSPA control ports follows them): never renumber.
/// </summary>
public enum ParameterId : uint
{
    Strength = 1,
    PostFilter = 2,
    Lookahead = 3,
    DryWet = 4,
    Bypass = 5,
    Model = 6,
}
