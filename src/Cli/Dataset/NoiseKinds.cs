namespace PercepNet.Cli.Dataset;

/// <summary>
/// Noise recordings grouped by kind (issue 18). Whole kinds are held out of training so the generalization dev
/// set (`percepnet oracle --dev-ladder --split heldout`) measures the model on sounds of a kind it never heard,
/// as the product meets them: animals, music and machines. Training meets their nearest relatives only as the
/// mixer's procedural sounds (Synthetic/) and rendered instruments (training/sources/render_instruments.py).
/// </summary>
public static class NoiseKinds
{
    public const string Animal = "animal", Music = "music", Machine = "machine", Instrument = "instrument", Other = "other";

    public static readonly IReadOnlySet<string> HeldOut = new HashSet<string> { Animal, Music, Machine };

    /// <summary>The kind of a manifest noise group (shared/data/MANIFEST.tsv `group`, or `instrument_*` of a render).</summary>
    public static string Of(string group) => group switch
    {
        _ when group.StartsWith("instrument_", StringComparison.Ordinal) => Instrument,
        "cat_miaowing_nonstationary" or "bird_transient" or "birds_ambience" or "animal_tonal" or "farm_ambience" => Animal,
        _ when group.StartsWith("music", StringComparison.Ordinal) => Music,
        "boat_engine_water" or "construction_site" or "bicycle_mechanical" => Machine,
        _ => Other,
    };
}
