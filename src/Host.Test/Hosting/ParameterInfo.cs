namespace PercepNet.HostTest.Hosting;

/// One plugin parameter as the harness sees it, in plain (displayed) units for every format:
/// VST3 normalized values are converted through the edit controller, LADSPA ports are plain.
public sealed record ParameterInfo(
    uint Id,
    string Name,
    double Min,
    double Max,
    double Default,
    bool IsStepped,
    bool IsBypass,
    bool IsReadOnly,
    /// Offered for automation (CLAP automatable flag, VST3 kCanAutomate): hosts without the plugin's own editor
    /// build their generic one from these. LADSPA control ports are always reachable.
    bool IsAutomatable = true,
    /// VST3 kIsProgramChange: choosing a value loads a program of the unit's program list (a factory preset), which sets
    /// other parameters; CLAP and LADSPA have no such parameter.
    bool IsProgramChange = false)
{
    /// Lower-case letters and digits only, so "Dry/Wet", "dry_wet" and "drywet" all match.
    public static string Key(string name) =>
        new string(name.ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray());
}
