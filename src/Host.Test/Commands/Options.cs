using PercepNet.HostTest.Hosting;

namespace PercepNet.HostTest.Commands;

/// Parsed command-line options shared by all commands: `--name value` pairs (repeatable ones
/// collected in order), bare flags, and positional arguments.
public sealed class Options
{
    static readonly HashSet<string> Flags = ["--in-place", "--raw"];
    readonly Dictionary<string, List<string>> _values = new();
    readonly HashSet<string> _flags = new();
    public List<string> Positional { get; } = new();

    public static Options Parse(IEnumerable<string> args)
    {
        var options = new Options();
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            string arg = e.Current;
            if (Flags.Contains(arg)) options._flags.Add(arg);
            else if (arg.StartsWith("--"))
            {
                if (!e.MoveNext()) throw new ArgumentException($"{arg} needs a value");
                if (!options._values.TryGetValue(arg, out var list)) options._values[arg] = list = new();
                list.Add(e.Current);
            }
            else options.Positional.Add(arg);
        }
        return options;
    }

    public string? Get(string name) => _values.TryGetValue(name, out var list) ? list[^1] : null;
    public string Require(string name) => Get(name) ?? throw new ArgumentException($"{name} is required");
    public IReadOnlyList<string> All(string name) => _values.TryGetValue(name, out var list) ? list : [];
    public bool Has(string flag) => _flags.Contains(flag);

    public PluginFormat Format(string pluginPath) =>
        Get("--format") is { } text ? PluginFormats.Parse(text) : PluginFormats.FromPath(pluginPath);

    /// Splits "NAME=VALUE" at the last '=' so names may contain '='-free punctuation like "Dry/wet".
    public static (string Name, string Value) Assignment(string text)
    {
        int at = text.LastIndexOf('=');
        if (at <= 0 || at == text.Length - 1) throw new ArgumentException($"expected NAME=VALUE, got '{text}'");
        return (text[..at], text[(at + 1)..]);
    }
}
