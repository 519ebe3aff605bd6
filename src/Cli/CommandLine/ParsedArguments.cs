using System.Globalization;

namespace PercepNet.Cli.CommandLine;

/// <summary>
/// GNU-style arguments of one subcommand: positionals, <c>--name value</c> / <c>--name=value</c> options and flags.
/// Anything unknown is a usage error (exit 2) rather than silently ignored.
/// </summary>
public sealed class ParsedArguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    public List<string> Positionals { get; } = [];

    public static ParsedArguments Parse(IReadOnlyList<string> args, IReadOnlyCollection<string> valueOptions, IReadOnlyCollection<string> flagOptions)
    {
        var parsed = new ParsedArguments();
        bool onlyPositionals = false;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (onlyPositionals || !arg.StartsWith("--", StringComparison.Ordinal) || arg == "-")
            {
                parsed.Positionals.Add(arg);
                continue;
            }
            if (arg == "--") { onlyPositionals = true; continue; }
            string name = arg[2..];
            string? inlineValue = null;
            int eq = name.IndexOf('=');
            if (eq >= 0) { inlineValue = name[(eq + 1)..]; name = name[..eq]; }
            if (flagOptions.Contains(name))
            {
                if (inlineValue is not null) throw Usage($"--{name} takes no value");
                parsed._flags.Add(name);
            }
            else if (valueOptions.Contains(name))
            {
                string? value = inlineValue ?? (i + 1 < args.Count ? args[++i] : null);
                if (value is null) throw Usage($"--{name} needs a value");
                if (!parsed._values.TryAdd(name, value)) throw Usage($"--{name} given twice");
            }
            else
            {
                throw Usage($"unknown option '{arg}'");
            }
        }
        return parsed;
    }

    public bool Flag(string name) => _flags.Contains(name);

    public string? Value(string name) => _values.GetValueOrDefault(name);

    public float Fraction(string name, float defaultValue)
    {
        if (Value(name) is not { } text) return defaultValue;
        if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float v) || !(v >= 0f && v <= 1f))
            throw Usage($"--{name} must be a number from 0 to 1, got '{text}'");
        return v;
    }

    public double Number(string name, double defaultValue, double min, double max, string unit)
    {
        if (Value(name) is not { } text) return defaultValue;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !(v >= min && v <= max))
            throw Usage($"--{name} must be a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)} {unit}, got '{text}'");
        return v;
    }

    public int Integer(string name, int defaultValue, int min, int max)
    {
        if (Value(name) is not { } text) return defaultValue;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) || v < min || v > max)
            throw Usage($"--{name} must be an integer from {min} to {max}, got '{text}'");
        return v;
    }

    public static CliException Usage(string message) => new(ExitCode.Usage, message);
}
