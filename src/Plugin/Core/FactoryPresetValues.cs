using PercepNet.Engine.Presets;

namespace PercepNet.Plugin.Core;

/// <summary>
/// The factory presets (Engine <see cref="FactoryPresets"/>, declared once for the CLI and every format) as plug-in
/// parameter values. A preset sets <see cref="Set"/>; Bypass and Stereo link stay as they are (routing, not strength).
/// </summary>
public static class FactoryPresetValues
{
    /// <summary>The parameters a preset sets.</summary>
    public static readonly ParameterId[] Set =
        [ParameterId.AttenuationLimit, ParameterId.PostFilter, ParameterId.Lookahead, ParameterId.DryWet, ParameterId.Model];

    /// <summary>Plain values per preset (<see cref="FactoryPresets.All"/> order), indexed like <see cref="Parameters.All"/>;
    /// NaN for the parameters a preset leaves alone. Built once, so the audio thread only reads it.</summary>
    static readonly double[][] Table = [.. FactoryPresets.All.Select(Build)];

    /// <summary>The mailbox mask of <see cref="Set"/>: bit i for <see cref="Parameters.All"/>[i].</summary>
    public static readonly ulong Mask = Set.Aggregate(0UL, (mask, id) => mask | 1UL << Parameters.IndexOf((uint)id));

    public static int Count => Table.Length;

    /// <summary>The plain value a preset gives a parameter (in its range), or null when the preset leaves it alone.</summary>
    public static double? Value(int preset, ParameterId id)
    {
        double v = Table[preset][Parameters.IndexOf((uint)id)];
        return double.IsNaN(v) ? null : v;
    }

    /// <summary>The preset's values indexed like <see cref="Parameters.All"/> (NaN where it sets nothing). Any thread.</summary>
    public static ReadOnlySpan<double> Values(int preset) => Table[preset];

    /// <summary>The first preset whose values the given ones have, or -1 (values indexed like <see cref="Parameters.All"/>).</summary>
    public static int Matching(ReadOnlySpan<double> values)
    {
        for (int p = 0; p < Table.Length; p++)
        {
            bool same = true;
            for (int i = 0; i < values.Length && same; i++)
                same = double.IsNaN(Table[p][i]) || Math.Abs(Table[p][i] - values[i]) < 1e-9;
            if (same) return p;
        }
        return -1;
    }

    static double[] Build(FactoryPreset preset)
    {
        var values = new double[Parameters.Count];
        Array.Fill(values, double.NaN);
        foreach (var id in Set)
        {
            var parameter = Parameters.Find((uint)id)!;
            double plain = id switch
            {
                ParameterId.AttenuationLimit => preset.AttenuationLimitDb,
                ParameterId.PostFilter => preset.PostFilterPercent,
                ParameterId.Lookahead => preset.Lookahead,
                ParameterId.DryWet => preset.MixPercent,
                ParameterId.Model => parameter.Min + IndexOfLabel(parameter, preset.Model.ToString()),
                _ => throw new InvalidOperationException($"no preset value for {id}"),
            };
            if (plain < parameter.Min || plain > parameter.Max)
                throw new InvalidOperationException($"preset {preset.Key}: {parameter.Name} {plain} is outside {parameter.Min}..{parameter.Max}");
            values[Parameters.IndexOf((uint)id)] = parameter.Sanitize(plain);
        }
        return values;
    }

    static int IndexOfLabel(Parameter parameter, string label)
    {
        for (int i = 0; i < parameter.Labels.Count; i++)
            if (parameter.Labels[i] == label) return i;
        throw new InvalidOperationException($"{parameter.Name} has no value '{label}'");
    }
}
