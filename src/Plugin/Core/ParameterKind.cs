namespace PercepNet.Plugin.Core;

/// <summary>How a parameter's plain value is shown and stepped.</summary>
public enum ParameterKind
{
    /// <summary>Continuous 0–100, shown as "42.5 %".</summary>
    Percent,
    /// <summary>Continuous, shown as "42.5 dB".</summary>
    Decibels,
    /// <summary>Integer 0..Max, shown as "1 frame".</summary>
    Frames,
    /// <summary>0 or 1, shown as "Off"/"On"; the host's bypass switch.</summary>
    Toggle,
    /// <summary>Integer 0..Max naming one of <see cref="Parameter.Labels"/>, shown as that label.</summary>
    Choice,
}
