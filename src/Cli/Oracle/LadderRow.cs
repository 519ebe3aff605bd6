using System.Text.Json.Nodes;
using PercepNet.Engine.Metrics;

namespace PercepNet.Cli.Oracle;

/// <summary>Objective scores of one signal against the clean reference (48 kHz).</summary>
public sealed record LadderRow(string Name, double SiSdr, double Estoi, double SegSnr)
{
    public static LadderRow Measure(string name, float[] clean, float[] estimate) =>
        new(name,
            ScaleInvariantSdr.Compute(clean, estimate),
            Stoi.Compute(clean, estimate, 48000, extended: true),
            SegmentalSnr.Compute(clean, estimate, 48000));

    public JsonObject ToJson() => new()
    {
        ["name"] = Name,
        ["siSdrDb"] = Math.Round(SiSdr, 3),
        ["estoi"] = Math.Round(Estoi, 4),
        ["segSnrDb"] = Math.Round(SegSnr, 3),
    };
}
