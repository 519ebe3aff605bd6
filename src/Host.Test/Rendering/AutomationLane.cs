using System.Globalization;

namespace PercepNet.HostTest.Rendering;

/// Points of one parameter's automation, in plain values at absolute sample positions. The
/// text file format of `--automate NAME=FILE` is one point per line, "SECONDS VALUE"
/// (blank lines and lines starting with '#' are ignored). Values hold until the next point,
/// as CLAP events and VST3 queue points do between points.
public sealed record AutomationLane(string ParameterName, IReadOnlyList<(long Sample, double Value)> Points)
{
    public static AutomationLane Load(string parameterName, string path, double sampleRate)
    {
        var points = new List<(long, double)>();
        foreach (string raw in File.ReadAllLines(path))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            string[] parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2
                || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds)
                || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
                || seconds < 0)
                throw new FormatException($"{path}: expected 'SECONDS VALUE', got '{raw}'");
            points.Add(((long)Math.Round(seconds * sampleRate), value));
        }
        points.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return new AutomationLane(parameterName, points);
    }
}
