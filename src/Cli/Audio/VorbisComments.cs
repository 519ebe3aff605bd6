namespace PercepNet.Cli.Audio;

/// <summary>
/// The tags of a FLAC (or Ogg) file: "NAME=value" entries in file order, names repeatable (two ARTIST lines are
/// two artists). Carried from a FLAC input to a FLAC output unchanged; the vendor string is not carried, since it
/// names the encoder, and the writer's libFLAC writes its own.
/// </summary>
public sealed record VorbisComments(string Vendor, IReadOnlyList<string> Entries)
{
    public static readonly VorbisComments None = new("", []);

    /// <summary>The values of every entry named <paramref name="name"/> (names compare case-insensitively, as the spec says).</summary>
    public IEnumerable<string> Values(string name) =>
        Entries.Where(e => e.Length > name.Length && e[name.Length] == '=' && e.StartsWith(name, StringComparison.OrdinalIgnoreCase))
               .Select(e => e[(name.Length + 1)..]);
}
