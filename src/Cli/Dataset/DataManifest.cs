using System.Globalization;

namespace PercepNet.Cli.Dataset;

/// <summary>One row of a data root's MANIFEST.tsv, plus the clean bandwidth of speech clips and the root it is in.</summary>
public sealed record DataFile(string Path, string Kind, int SampleRate, double Seconds, string Licence, string Split, string Group, double BandEdgeHz, string Root = "")
{
    /// <summary>
    /// Commercially usable: no NonCommercial clause and a stated Creative Commons variant
    /// (shared/data/LICENSES.md warns that "variant not stated" must be checked at the source).
    /// </summary>
    public bool IsPermissive => !Licence.Contains("NC", StringComparison.Ordinal) && !Licence.Contains("not stated", StringComparison.Ordinal);
}

/// <summary>
/// Reads a data manifest (`file kind sample_rate seconds source_repo source_path licence split group`, and an
/// optional tenth column `band_edge_hz`, which the extra roots of training/sources/ write).
/// </summary>
public static class DataManifest
{
    /// <summary>shared/data and any extra roots (training/sources/), each file tagged with its root.</summary>
    public static List<DataFile> Load(string dataRoot, IEnumerable<string> extraRoots) =>
        extraRoots.Aggregate(Load(dataRoot), (all, root) => { all.AddRange(Load(root)); return all; });

    public static List<DataFile> Load(string dataRoot)
    {
        string manifest = System.IO.Path.Combine(dataRoot, "MANIFEST.tsv");
        if (!File.Exists(manifest)) throw new FileNotFoundException($"data manifest not found: {manifest}");
        var bandEdges = LoadCommonVoiceBandEdges(dataRoot);
        var files = new List<DataFile>();
        foreach (var line in File.ReadLines(manifest).Skip(1))
        {
            var c = line.Split('\t');
            if (c.Length < 9) continue;
            if (!int.TryParse(c[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out int rate) || rate <= 0
                || !double.TryParse(c[3], NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds))
                throw new InvalidDataException($"{manifest}: malformed row (sample_rate or seconds): {line}");
            double edge = rate / 2.0;
            if (bandEdges.TryGetValue(System.IO.Path.GetFileNameWithoutExtension(c[0]), out var e)) edge = Math.Min(edge, e);
            if (c.Length > 9 && double.TryParse(c[9], NumberStyles.Float, CultureInfo.InvariantCulture, out var own) && own > 0) edge = Math.Min(edge, own);
            files.Add(new DataFile(c[0], c[1], rate, seconds, c[6], c[7], c[8], edge, dataRoot));
        }
        return files;
    }

    /// <summary>
    /// A list of manifest paths, one a line, blank lines and `#` comments skipped (e.g.
    /// models/shipped-models-training-noise.txt). A path that names no file is kept as written: a list may name
    /// files of another root.
    /// </summary>
    public static HashSet<string> ReadPathList(string listFile) =>
        File.ReadLines(listFile).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToHashSet(StringComparer.Ordinal);

    /// <summary>`band_edge_hz` per clip from speech/commonvoice/clips.tsv (MP3 low-pass of each clip).</summary>
    private static Dictionary<string, double> LoadCommonVoiceBandEdges(string dataRoot)
    {
        var result = new Dictionary<string, double>();
        string path = System.IO.Path.Combine(dataRoot, "speech", "commonvoice", "clips.tsv");
        if (!File.Exists(path)) return result;
        string[]? header = null;
        foreach (var line in File.ReadLines(path))
        {
            var c = line.Split('\t');
            if (header == null) { header = c; continue; }
            int fileCol = Array.FindIndex(header, h => h is "file" or "path" or "clip");
            int edgeCol = Array.IndexOf(header, "band_edge_hz");
            if (fileCol < 0 || edgeCol < 0 || c.Length <= Math.Max(fileCol, edgeCol)) continue;
            if (double.TryParse(c[edgeCol], NumberStyles.Float, CultureInfo.InvariantCulture, out var edge))
                result[System.IO.Path.GetFileNameWithoutExtension(c[fileCol])] = edge;
        }
        return result;
    }
}
