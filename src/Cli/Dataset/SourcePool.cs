namespace PercepNet.Cli.Dataset;

/// <summary>A decoded training source: samples at 48 kHz, its clean bandwidth and identity.</summary>
public sealed record Source(DataFile File, float[] Samples);

/// <summary>The decoded speech, noise and room responses of one split and licence selection.</summary>
public sealed class SourcePool
{
    public required List<Source> Speech { get; init; }
    public required List<Source> Noise { get; init; }
    public required List<Source> RoomResponses { get; init; }

    public static SourcePool Load(IReadOnlyList<DataFile> files, string split, bool permissiveOnly, AudioCache cache)
    {
        var chosen = files.Where(f => f.Split == split && (!permissiveOnly || f.IsPermissive)).ToList();
        List<Source> LoadKind(Func<DataFile, bool> pick)
        {
            var list = chosen.Where(pick).ToList();
            var result = new Source?[list.Count];
            Parallel.For(0, list.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
            {
                var s = cache.Load(list[i].Path);
                if (s != null) result[i] = new Source(list[i], s);
            });
            return result.Where(r => r != null).Select(r => r!).ToList();
        }
        return new SourcePool
        {
            // LibriSpeech (8 kHz band) is left out: too narrow to be a useful target (data README).
            Speech = LoadKind(f => f.Kind == "speech" && f.BandEdgeHz >= 12000),
            // 16 kHz noise would make unrealistically clean high bands (data README); keep ≥ 32 kHz.
            Noise = LoadKind(f => f.Kind == "noise" && f.SampleRate >= 32000),
            RoomResponses = LoadKind(f => f.Kind == "rir"),
        };
    }
}
