using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PercepNet.Cli.Dataset;
using PercepNet.Engine.Dsp;

namespace PercepNet.Tests.Dataset;

/// <summary>
/// One `percepnet dataset` run as a child process (its own exit code, stderr and process-wide state,
/// as the trainer's pipeline runs it), with the output manifest parsed.
/// </summary>
internal sealed record DatasetRun(int ExitCode, string Log, string OutDir)
{
    public const int Nb = ErbBands.Count, Nf = 70;
    /// <summary>Floats per frame record by docs/FEATURES.md: 70 features + 34 gains + 34 strengths + 34 weights.</summary>
    public const int RecordFloats = Nf + 3 * Nb;

    public JsonNode Manifest => JsonNode.Parse(File.ReadAllText(Path.Combine(OutDir, "manifest.json")))!;

    public static DatasetRun Start(string data, string outDir, string cache, int mixtures, int seed = 1,
        string split = "train", string licence = "all", int seconds = 1, string[]? extraArgs = null)
    {
        // ceil(hours * 3600 / seconds) = mixtures, away from the rounding edge.
        double hours = (mixtures - 0.5) * seconds / 3600.0;
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
        };
        foreach (var a in new[]
                 {
                     typeof(DatasetCommand).Assembly.Location, "dataset", "--data", data, "--split", split,
                     "--hours", hours.ToString("R", CultureInfo.InvariantCulture), "--out", outDir, "--seed", seed.ToString(CultureInfo.InvariantCulture),
                     "--licence", licence, "--mixture-seconds", seconds.ToString(CultureInfo.InvariantCulture), "--cache", cache,
                 }.Concat(extraArgs ?? []))
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync(); // async: a hung child must not block the timeout
        if (!p.WaitForExit(120_000)) { p.Kill(entireProcessTree: true); throw new TimeoutException("percepnet dataset ran over 2 min"); }
        return new DatasetRun(p.ExitCode, stdout.Result + stderr.Result, outDir);
    }

    /// <summary>All shards listed in the manifest, read by the documented layout.</summary>
    public List<(JsonNode Entry, Shard Shard)> Shards() =>
        Manifest["shards"]!.AsArray().Select(e => (e!, Shard.Read(Path.Combine(OutDir, (string)e!["file"]!)))).ToList();
}

/// <summary>
/// A `shard-NNNNN.pnds` file read by the layout in docs/FEATURES.md, independently of ShardWriter:
/// little-endian magic `PNDS`, u32 version, frames, featureCount, bandCount, then 172-float records.
/// </summary>
internal sealed record Shard(uint Version, int Frames, int FeatureCount, int BandCount, float[] Records)
{
    public static Shard Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length >= 20, $"{path}: {bytes.Length} bytes, shorter than the header");
        Assert.Equal("PNDS", Encoding.ASCII.GetString(bytes, 0, 4));
        uint U32(int at) => BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at, 4));
        int frames = checked((int)U32(8));
        Assert.Equal(20L + (long)frames * DatasetRun.RecordFloats * 4, bytes.Length);
        var records = new float[frames * DatasetRun.RecordFloats];
        for (int i = 0; i < records.Length; i++) records[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(20 + 4 * i, 4));
        return new Shard(U32(4), frames, (int)U32(12), (int)U32(16), records);
    }
}

/// <summary>Checks every frame record must pass, whatever the mixture (docs/FEATURES.md).</summary>
internal static class Records
{
    private static readonly ErbBands Bands = new();

    public static ReadOnlySpan<float> Features(float[] r, int frame) => r.AsSpan(frame * DatasetRun.RecordFloats, DatasetRun.Nf);
    public static ReadOnlySpan<float> Gains(float[] r, int frame) => r.AsSpan(frame * DatasetRun.RecordFloats + DatasetRun.Nf, DatasetRun.Nb);
    public static ReadOnlySpan<float> Strengths(float[] r, int frame) => r.AsSpan(frame * DatasetRun.RecordFloats + DatasetRun.Nf + DatasetRun.Nb, DatasetRun.Nb);
    public static ReadOnlySpan<float> Weights(float[] r, int frame) => r.AsSpan(frame * DatasetRun.RecordFloats + DatasetRun.Nf + 2 * DatasetRun.Nb, DatasetRun.Nb);

    /// <summary>
    /// Highest frequency that feeds band b (from the band weights): the band's triangle ends here. A band is
    /// valid for a source of bandwidth E when this is at most E.
    /// </summary>
    public static double TopHz(int band)
    {
        int top = 0;
        for (int k = 0; k < Bands.BinCount; k++) if (Bands.Weight(band, k) > 0) top = k;
        return Math.Min(24000, (top + 1) * 50.0);
    }

    /// <summary>Ranges and finiteness, and the mask shape: weight 1 up to some band, then the extrapolated weight.</summary>
    public static void AssertWellFormed(float[] records, int frameFrom, int frameTo, string what)
    {
        for (int t = frameFrom; t < frameTo; t++)
        {
            var f = Features(records, t);
            for (int i = 0; i < DatasetRun.Nf; i++) Assert.True(float.IsFinite(f[i]), $"{what} frame {t}: feature {i} = {f[i]}");
            for (int b = 0; b < DatasetRun.Nb; b++)
            {
                Assert.True(f[b] >= -6.0001f, $"{what} frame {t}: log energy {b} = {f[b]} below log10(1e-6)");
                Assert.InRange(f[DatasetRun.Nb + b], -1.001f, 1.001f);
            }
            Assert.InRange(f[68], 0f, 1f);
            Assert.InRange(f[69], -0.001f, 1.001f);

            var g = Gains(records, t);
            var s = Strengths(records, t);
            var w = Weights(records, t);
            int lastValid = -1;
            for (int b = 0; b < DatasetRun.Nb; b++)
            {
                Assert.True(float.IsFinite(g[b]) && g[b] is >= 0 and <= 1, $"{what} frame {t}: gain {b} = {g[b]}");
                Assert.True(float.IsFinite(s[b]) && s[b] is >= 0 and <= 1, $"{what} frame {t}: strength {b} = {s[b]}");
                // 0: above a narrowband mixture's edge (mixer revision 8).
                Assert.True(w[b] == 1f || w[b] == MixtureLabeler.ExtrapolatedWeight || w[b] == 0f, $"{what} frame {t}: weight {b} = {w[b]}");
                if (w[b] == 1f)
                {
                    Assert.True(lastValid == b - 1, $"{what} frame {t}: band {b} weighted 1 above a masked band");
                    lastValid = b;
                }
                else
                {
                    // Extrapolated: the gain of the highest valid band, and no comb filtering.
                    Assert.Equal(0f, s[b]);
                    Assert.Equal(g[Math.Max(0, lastValid)], g[b]);
                }
            }
        }
    }

    /// <summary>
    /// Number of valid (weight 1) bands for a source of bandwidth <paramref name="edgeHz"/>: bands whose
    /// triangle lies at or below it.
    /// </summary>
    public static int ValidBands(double edgeHz) => Enumerable.Range(0, DatasetRun.Nb).Count(b => TopHz(b) <= edgeHz);

    /// <summary>
    /// Asserts the mask of every frame of one mixture against its speech: each utterance `file@speed` in the
    /// description has bandwidth edge(file) × speed (speed changes move the spectrum); the mixture's is the
    /// smallest, 24 kHz without speech. The description rounds speed to 0.01, so bands whose top lies
    /// within that rounding of the edge are not judged.
    /// </summary>
    public static void AssertMaskMatchesSources(float[] records, int frameFrom, int frames, string description, Func<string, double> edgeOf)
    {
        double lo = 24000, hi = 24000;
        foreach (Match m in Regex.Matches(description, @"(?:^|, )([^,@ ]+)@(\d+\.\d\d)"))
        {
            double edge = edgeOf(m.Groups[1].Value), speed = double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            lo = Math.Min(lo, edge * (speed - 0.005));
            hi = Math.Min(hi, edge * (speed + 0.005));
        }
        bool narrowband = description.StartsWith("narrowband", StringComparison.Ordinal);
        for (int t = frameFrom; t < frameFrom + frames; t++)
        {
            var w = Weights(records, t);
            for (int b = 0; b < DatasetRun.Nb; b++)
            {
                if (TopHz(b) <= lo) Assert.True(w[b] == 1f, $"band {b} (to {TopHz(b)} Hz) masked, source band edge ≥ {lo:F0} Hz: {description}");
                else if (TopHz(b) > hi) Assert.True(w[b] == (narrowband ? 0f : MixtureLabeler.ExtrapolatedWeight), $"band {b} (to {TopHz(b)} Hz) weighted {w[b]}, source band edge ≤ {hi:F0} Hz: {description}");
            }
        }
    }
}
