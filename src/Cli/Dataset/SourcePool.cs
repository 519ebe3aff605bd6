namespace PercepNet.Cli.Dataset;

/// <summary>A decoded training source: samples at 48 kHz, its clean bandwidth and identity.</summary>
public sealed record Source(DataFile File, float[] Samples);

/// <summary>The decoded speech, noise and room responses of one split and licence selection.</summary>
public sealed class SourcePool
{
    /// <summary>
    /// The selections: `train` and `dev` are the manifest's splits (training leaves out the held-out noise kinds,
    /// <see cref="NoiseKinds.HeldOut"/>); `heldout` is the generalization dev set: dev speakers with every
    /// recording of a held-out kind, whatever its split, and the dev-split noise.
    /// </summary>
    public static readonly string[] Selections = ["train", "dev", "heldout"];

    public required List<Source> Speech { get; init; }
    /// <summary>
    /// Training speech with a band edge of 7–12 kHz (16 kHz and 32 kHz corpora, training/sources/prepare_speech.py
    /// `--narrowband`): hundreds of speakers the fullband corpora lack. Mixed in mixtures of their own (mixer revision
    /// 8), never with fullband speech, so the loss is masked above their edge without starving the top bands.
    /// </summary>
    public List<Source> NarrowbandSpeech { get; init; } = [];
    public required List<Source> Noise { get; init; }
    /// <summary>Rendered instruments (training/sources/render_instruments.py), drawn as their own noise family.</summary>
    public List<Source> Instruments { get; init; } = [];
    public required List<Source> RoomResponses { get; init; }

    /// <summary>The speech corpus a source belongs to: the folder under speech/ (commonvoice, cv61pool, callie, …).</summary>
    public static string Corpus(Source s) => s.File.Path.Split('/')[1];

    /// <summary>
    /// Sources grouped by <paramref name="key"/>, groups in key order: the strata a dev set takes in turn, so a
    /// group of many short clips (the Callie prompts) cannot fill it.
    /// </summary>
    public static Source[][] Strata(IEnumerable<Source> sources, Func<Source, string> key) =>
        sources.GroupBy(key).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.ToArray()).ToArray();

    /// <summary>The lowest band edge a narrowband training clip may have: below 7 kHz it would mask most of the bands.</summary>
    public const double NarrowbandMinHz = 7000;

    /// <summary>The lowest band edge of <see cref="Speech"/>, the fullband speech; narrowband speech lies below it.</summary>
    public const double FullbandMinHz = 12000;

    /// <param name="trainAlso">
    /// Noise recordings (manifest paths) that join a `train` selection whatever their kind: the held-out-kind
    /// recordings the shipped models already heard (models/shipped-models-training-noise.txt). A fine-tune that drops
    /// them trains on half the real noise its starting point knew; its dev set leaves the same list out
    /// (`--exclude-noise`), so it is still judged on recordings nobody trained on (docs/generalization.md).
    /// </param>
    public static SourcePool Load(IReadOnlyList<DataFile> files, string split, bool permissiveOnly, AudioCache cache,
        IReadOnlySet<string>? trainAlso = null)
    {
        string manifestSplit = split == "heldout" ? "dev" : split;
        var licensed = files.Where(f => !permissiveOnly || f.IsPermissive).ToList();
        var chosen = licensed.Where(f => f.Split == manifestSplit).ToList();
        List<Source> LoadKind(IEnumerable<DataFile> candidates)
        {
            var list = candidates.ToList();
            var result = new Source?[list.Count];
            Parallel.For(0, list.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
            {
                var s = cache.Load(list[i]);
                if (s != null) result[i] = new Source(list[i], s);
            });
            return result.Where(r => r != null).Select(r => r!).ToList();
        }
        bool heldOut(DataFile f) => NoiseKinds.HeldOut.Contains(NoiseKinds.Of(f.Group));
        bool instrument(DataFile f) => NoiseKinds.Of(f.Group) == NoiseKinds.Instrument;
        var noise = split switch
        {
            // 16 kHz noise is fine as noise (issue 18): its empty top bands are a mixture the engine meets too.
            "train" => chosen.Where(f => f.Kind == "noise" && (!heldOut(f) || trainAlso?.Contains(f.Path) == true) && !instrument(f)),
            "heldout" => licensed.Where(f => f.Kind == "noise" && (heldOut(f) || f.Split == "dev") && !instrument(f)),
            // The dev ladder's noise as the model card measured it: held-out recordings of ≥ 32 kHz.
            _ => chosen.Where(f => f.Kind == "noise" && f.SampleRate >= 32000 && !instrument(f)),
        };
        return new SourcePool
        {
            // LibriSpeech (8 kHz band) is left out: too narrow to be a useful target (data README).
            Speech = LoadKind(chosen.Where(f => f.Kind == "speech" && f.BandEdgeHz >= FullbandMinHz)),
            NarrowbandSpeech = split == "train" ? LoadKind(chosen.Where(f => f.Kind == "speech" && f.BandEdgeHz is >= NarrowbandMinHz and < FullbandMinHz)) : [],
            Noise = LoadKind(noise),
            // Drum-only renders are left out (mixer revision 6): their attacks look like word onsets.
            Instruments = split == "train" ? LoadKind(chosen.Where(f => f.Kind == "noise" && instrument(f) && f.Group != "instrument_drums")) : [],
            RoomResponses = LoadKind(chosen.Where(f => f.Kind == "rir")),
        };
    }
}
