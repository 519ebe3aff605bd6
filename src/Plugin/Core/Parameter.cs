using System.Globalization;

namespace PercepNet.Plugin.Core;

/// <summary>
/// One parameter, declared once and read by every format shell: id, names, plain range,
/// default, stepping and value↔text. Plain values are what CLAP and LADSPA exchange; VST3
/// exchanges the normalized 0..1 form (<see cref="ToNormalized"/>).
/// </summary>
public sealed class Parameter
{
    public ParameterId Id { get; }
    public string Name { get; }
    public string ShortName { get; }
    public string Unit { get; }
    public ParameterKind Kind { get; }
    public double Min { get; }
    public double Max { get; }
    public double Default { get; }
    /// <summary>The value a saved state without this parameter gets: what a project saved before the parameter existed
    /// ran. Equals <see cref="Default"/> unless the default changed after the parameter was added.</summary>
    public double ValueWhenAbsentFromState { get; }
    /// <summary>The names of a <see cref="ParameterKind.Choice"/>'s values Min..Max; empty for other kinds.</summary>
    public IReadOnlyList<string> Labels { get; }

    public Parameter(ParameterId id, string name, string shortName, string unit,
                     ParameterKind kind, double min, double max, double defaultValue, string[]? labels = null,
                     double? valueWhenAbsentFromState = null)
    {
        Id = id; Name = name; ShortName = shortName; Unit = unit; Kind = kind;
        Min = min; Max = max; Default = defaultValue;
        ValueWhenAbsentFromState = valueWhenAbsentFromState ?? defaultValue;
        Labels = labels ?? [];
        if ((kind == ParameterKind.Choice) != (Labels.Count > 0) || (Labels.Count > 0 && Labels.Count != (int)(max - min) + 1))
            throw new ArgumentException($"parameter {name}: a choice needs one label per value, other kinds none");
    }

    public bool IsStepped => Kind is not (ParameterKind.Percent or ParameterKind.Decibels);
    public bool IsBypass => Kind == ParameterKind.Toggle && Id == ParameterId.Bypass;

    /// <summary>A choice among named values (Lookahead's frames, Model): VST3 shows it as a list, CLAP as an enum.</summary>
    public bool IsList => Kind is ParameterKind.Frames or ParameterKind.Choice;

    /// <summary>Number of steps above the minimum (VST3 stepCount): 0 for continuous.</summary>
    public int StepCount => IsStepped ? (int)(Max - Min) : 0;

    /// <summary>Clamps into range and snaps stepped parameters to whole steps; NaN gives the default.</summary>
    public double Sanitize(double plain)
    {
        if (double.IsNaN(plain)) return Default;
        double v = Math.Clamp(plain, Min, Max);
        return IsStepped ? Math.Round(v, MidpointRounding.AwayFromZero) : v;
    }

    public double ToNormalized(double plain) => (Sanitize(plain) - Min) / (Max - Min);

    public double FromNormalized(double normalized)
    {
        double n = double.IsNaN(normalized) ? ToNormalized(Default) : Math.Clamp(normalized, 0.0, 1.0);
        return Sanitize(Min + n * (Max - Min));
    }

    /// <summary>
    /// Display text. Percentages and decibels keep two decimals, so text → value → text is exact and
    /// value → text → value is within 0.005 of the unit.
    /// </summary>
    public string FormatValue(double plain)
    {
        double v = Sanitize(plain);
        return Kind switch
        {
            ParameterKind.Percent => v.ToString("0.##", CultureInfo.InvariantCulture) + " %",
            ParameterKind.Decibels => v.ToString("0.##", CultureInfo.InvariantCulture) + " dB",
            ParameterKind.Frames => v == 1 ? "1 frame" : v.ToString("0", CultureInfo.InvariantCulture) + " frames",
            ParameterKind.Choice => Labels[(int)(v - Min)],
            _ => v >= 0.5 ? "On" : "Off",
        };
    }

    /// <summary>Parses what <see cref="FormatValue"/> writes, plus bare numbers and on/off words.</summary>
    public bool TryParseValue(string text, out double plain)
    {
        plain = Default;
        string t = text.Trim();
        for (int i = 0; i < Labels.Count; i++)
            if (string.Equals(t, Labels[i], StringComparison.OrdinalIgnoreCase))
            {
                plain = Min + i;
                return true;
            }
        if (Kind == ParameterKind.Toggle)
        {
            switch (t.ToLowerInvariant())
            {
                case "on" or "true" or "yes" or "bypassed": plain = 1; return true;
                case "off" or "false" or "no" or "active": plain = 0; return true;
            }
        }
        int end = 0;
        while (end < t.Length && (char.IsDigit(t[end]) || t[end] is '.' or '-' or '+' or 'e' or 'E')) end++;
        if (end == 0 || !double.TryParse(t.AsSpan(0, end), NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
            || !double.IsFinite(v))
            return false;
        string rest = t[end..].Trim();
        bool unitOk = Kind switch
        {
            ParameterKind.Percent => rest is "" or "%",
            ParameterKind.Decibels => rest is "" || rest.Equals("dB", StringComparison.OrdinalIgnoreCase),
            ParameterKind.Frames => rest is "" or "frame" or "frames",
            _ => rest is "",
        };
        if (!unitOk) return false;
        plain = Sanitize(v);
        return true;
    }
}
