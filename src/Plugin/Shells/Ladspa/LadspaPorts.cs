using PercepNet.Plugin.Core;

namespace PercepNet.Plugin.Shells.Ladspa;

/// <summary>
/// Port layout of one LADSPA plug-in: audio inputs, audio outputs, one control input per
/// parameter (in <see cref="Parameters.All"/> order, plain values), then the "latency" control
/// output that hosts such as PipeWire's filter-chain read to compensate the delay.
/// </summary>
internal sealed class LadspaPorts
{
    public int Channels { get; }
    public int FirstInput => 0;
    public int FirstOutput => Channels;
    public int FirstControl => 2 * Channels;
    public int Latency => FirstControl + Parameters.Count;
    /// <summary>The gain-reduction meter (dB), an output control port after `latency` (hosts find both by name).</summary>
    public int GainReduction => Latency + 1;
    public int Count => GainReduction + 1;

    public LadspaPorts(int channels) => Channels = channels;

    public const string LatencyPortName = "latency";

    public string Name(int port)
    {
        string side = Channels == 1 ? "" : port % Channels == 0 ? " L" : " R";
        if (port < FirstOutput) return "Input" + side;
        if (port < FirstControl) return "Output" + side;
        if (port < Latency)
        {
            var p = Parameters.All[port - FirstControl];
            // The full names CLAP and VST3 show, so a parameter is found by the same words in every format.
            return p.Unit.Length == 0 ? p.Name : $"{p.Name} ({p.Unit})";
        }
        if (port == Latency) return LatencyPortName;
        var meter = Parameters.GainReduction;
        return $"{meter.Name} ({meter.Unit})";
    }

    public int Descriptor(int port)
    {
        if (port < FirstOutput) return LadspaConstants.PortAudio | LadspaConstants.PortInput;
        if (port < FirstControl) return LadspaConstants.PortAudio | LadspaConstants.PortOutput;
        if (port < Latency) return LadspaConstants.PortControl | LadspaConstants.PortInput;
        return LadspaConstants.PortControl | LadspaConstants.PortOutput;
    }

    public LadspaPortRangeHint RangeHint(int port)
    {
        if (port < FirstControl) return default;
        if (port == Latency)
            return new LadspaPortRangeHint { HintDescriptor = LadspaConstants.HintBoundedBelow | LadspaConstants.HintInteger };
        if (port == GainReduction)
            return new LadspaPortRangeHint
            {
                HintDescriptor = LadspaConstants.HintBoundedBelow | LadspaConstants.HintBoundedAbove,
                LowerBound = (float)Parameters.GainReduction.Min, UpperBound = (float)Parameters.GainReduction.Max,
            };
        var p = Parameters.All[port - FirstControl];
        // ladspa.h: a toggled port may carry no hint but a default of 0 or 1.
        if (p.Kind == ParameterKind.Toggle)
            return new LadspaPortRangeHint
            {
                HintDescriptor = LadspaConstants.HintToggled | (p.Default >= 0.5 ? LadspaConstants.HintDefault1 : LadspaConstants.HintDefault0),
            };
        int hint = LadspaConstants.HintBoundedBelow | LadspaConstants.HintBoundedAbove | DefaultHint(p);
        if (p.Kind is ParameterKind.Frames or ParameterKind.Choice) hint |= LadspaConstants.HintInteger;
        return new LadspaPortRangeHint { HintDescriptor = hint, LowerBound = (float)p.Min, UpperBound = (float)p.Max };
    }

    /// <summary>LADSPA can only name a few defaults; each of ours is one of them.</summary>
    static int DefaultHint(Parameter p) => p.Default switch
    {
        var d when d == p.Min => LadspaConstants.HintDefaultMinimum,
        var d when d == p.Max => LadspaConstants.HintDefaultMaximum,
        0 => LadspaConstants.HintDefault0,
        1 => LadspaConstants.HintDefault1,
        100 => LadspaConstants.HintDefault100,
        _ => LadspaConstants.HintDefaultMiddle,
    };
}
