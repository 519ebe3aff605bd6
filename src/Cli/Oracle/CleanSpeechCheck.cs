using System.Globalization;
using System.Text;
using PercepNet.Cli.Dataset;
using PercepNet.Engine.Inference;
using PercepNet.Engine.Metrics;

namespace PercepNet.Cli.Oracle;

/// <summary>
/// "High SNR must do no harm" (docs/DESIGN.md §4, issue 4): clean dev speech with no added noise through
/// the model at default settings. Reports SI-SDR of the output against the input, and how much of
/// each word onset survives: the level of the first 50 ms after every onset (a 20 ms frame rising
/// 20 dB above the previous 100 ms, within 30 dB of the clip's peak, that leads into a syllable: see
/// <see cref="SyllableWithinDb"/>), output relative to input. Rises that lead into no syllable (mouth clicks,
/// lip smacks) are reported apart as transients.
/// SI-SDR is also given in the speech band: both signals high-passed at 80 Hz (4th-order Butterworth), because
/// some "clean" recordings carry sub-60 Hz microphone pops and rumble that the model rightly removes, and the
/// plain SI-SDR counts that removal as harm to the speech (models/MODEL_CARD.md, "Clean speech in").
/// </summary>
public static class CleanSpeechCheck
{
    public sealed record Result(int Lookahead, double MeanSiSdr, double MinSiSdr, double MeanOnsetDb, double WorstOnsetDb, int Clips, int Onsets,
        double MeanSpeechBandSiSdr, double MinSpeechBandSiSdr, int SpeechBandClipsAtLeast20Db, IReadOnlyList<ClipScore> Below20Db,
        string WorstOnsetAt = "", int Transients = 0, double WorstTransientDb = 0, string WorstTransientAt = "")
    {
        public int ClipsAtLeast20Db => Clips - Below20Db.Count;
    }

    /// <summary>The bar: clean speech out within this SI-SDR of clean speech in.</summary>
    public const double NoHarmDb = 20;

    /// <summary>
    /// A rise counts as a word onset when the loudest 20 ms frame of the 200 ms from it lies within this many dB of
    /// the clip's loudest frame: a syllable's nucleus is among the utterance's loud frames. The first "onset" of
    /// `sl_17569057` ("Ena od Saturnovih lun…", which begins on a vowel) is a 3 kHz click 0.22 s before the voice,
    /// 22 dB under the clip's peak; every word onset of the 46 dev clips reaches within 9 dB (docs/generalization.md,
    /// "The first word of a stream").
    /// </summary>
    public const double SyllableWithinDb = 15;

    /// <summary>A rise in level at sample <paramref name="Start"/>; <paramref name="Word"/> when it leads into a
    /// syllable (<see cref="SyllableWithinDb"/>), otherwise a transient.</summary>
    public readonly record struct Onset(int Start, bool Word);

    /// <summary>A clip (its path in the data manifest) with its SI-SDR out vs in, plain and in the speech band.</summary>
    public sealed record ClipScore(string Clip, double SiSdr, double SpeechBandSiSdr);

    /// <summary>Lower edge of the speech band for <see cref="SpeechBandSiSdr"/> (below the lowest voice F0s).</summary>
    public const double SpeechBandEdgeHz = 80;

    /// <summary>SI-SDR of <paramref name="estimate"/> against <paramref name="reference"/>, both high-passed at
    /// <see cref="SpeechBandEdgeHz"/> (48 kHz).</summary>
    public static double SpeechBandSiSdr(float[] reference, float[] estimate) =>
        ScaleInvariantSdr.Compute(Biquad.HighPassed(reference, 48000, SpeechBandEdgeHz), Biquad.HighPassed(estimate, 48000, SpeechBandEdgeHz));

    /// <summary>
    /// Edge of the band-limited variant of the check: the clean clips low-passed just below 8 kHz, as a 16 kHz
    /// recording (a call, a 16 kHz corpus, a conferencing app's file) reaches the engine at 48 kHz. The Light model
    /// shipped before mixer revision 8 took 11 dB more off such speech than off the same clips fullband
    /// (docs/generalization.md).
    /// </summary>
    public const double NarrowbandEdgeHz = 7900;

    /// <summary>Level of the room-tone lead-in of <see cref="WithRoomToneLeadIn"/>: white noise at this RMS (dBFS).</summary>
    public const double RoomToneDbfs = -75;

    /// <summary>
    /// <paramref name="x"/> after 1 s of faint white noise (<see cref="RoomToneDbfs"/>, fixed seed), as a recording that
    /// starts on room tone before the first word. The shipped Light model took 7.5 dB off the first 50 ms of a word after
    /// such a lead-in and 0.1 dB after digital silence (docs/generalization.md): the dev clips start 0.15 s before their
    /// speech and hide most of this.
    /// </summary>
    public static float[] WithRoomToneLeadIn(float[] x)
    {
        const int lead = 48000;
        var y = new float[lead + x.Length];
        var rng = new Random(75);
        // Uniform in ±a has RMS a/√3.
        double a = Math.Pow(10, RoomToneDbfs / 20) * Math.Sqrt(3);
        for (int i = 0; i < lead; i++) y[i] = (float)(a * (2 * rng.NextDouble() - 1));
        x.CopyTo(y, lead);
        return y;
    }

    /// <summary>The clean dev clips the check runs on, decoded once for all its tables.</summary>
    public static IReadOnlyList<Source> DevClips(string dataRoot, bool permissiveOnly, TextWriter log) =>
        SourcePool.Load(DataManifest.Load(dataRoot), "dev", permissiveOnly, new AudioCache(dataRoot, AudioCache.DefaultCacheDir, log)).Speech;

    /// <param name="lowPassHz">When given, each clip is first low-passed there (<see cref="NarrowbandEdgeHz"/>).</param>
    /// <param name="roomToneLeadIn">When set, each clip comes after 1 s of room tone (<see cref="WithRoomToneLeadIn"/>).</param>
    public static List<Result> Run(IReadOnlyList<Source> clips, PercepNetModel model, double? lowPassHz = null, bool roomToneLeadIn = false)
    {
        // Each clip's input once, for every lookahead.
        var inputs = clips.Select(clip =>
        {
            var x = lowPassHz is double hz ? Augmentation.LowPassed(clip.Samples, hz) : clip.Samples;
            return (clip.File.Path, Samples: roomToneLeadIn ? WithRoomToneLeadIn(x) : x);
        }).ToList();
        var results = new List<Result>();
        for (int l = 0; l <= model.MaxLookahead; l++)
        {
            var sdr = new List<double>();
            var speechBand = new List<double>();
            var onsets = new List<double>();
            var below = new List<ClipScore>();
            double worst = double.PositiveInfinity, worstTransient = 0;
            string worstAt = "", worstTransientAt = "";
            int transients = 0;
            foreach (var (path, x) in inputs)
            {
                var y = DevLadder.EnhanceWithModel(model, x, l);
                sdr.Add(ScaleInvariantSdr.Compute(x, y));
                speechBand.Add(SpeechBandSiSdr(x, y));
                if (sdr[^1] < NoHarmDb) below.Add(new ClipScore(path, sdr[^1], speechBand[^1]));
                foreach (var (start, word) in FindOnsets(x))
                {
                    int end = Math.Min(x.Length, start + 2400);
                    double level = 10 * Math.Log10((Energy(y, start, end) + 1e-20) / (Energy(x, start, end) + 1e-20));
                    string at = string.Create(CultureInfo.InvariantCulture, $"{path} at {start / 48000.0:F2} s");
                    if (!word)
                    {
                        if (transients++ == 0 || level < worstTransient)
                            (worstTransient, worstTransientAt) = (level, at);
                        continue;
                    }
                    onsets.Add(level);
                    if (level < worst)
                        (worst, worstAt) = (level, at);
                }
            }
            results.Add(new Result(l, sdr.Average(), sdr.Min(), onsets.DefaultIfEmpty(0).Average(), onsets.DefaultIfEmpty(0).Min(), sdr.Count, onsets.Count,
                speechBand.Average(), speechBand.Min(), speechBand.Count(v => v >= NoHarmDb), below, worstAt,
                transients, worstTransient, worstTransientAt));
        }
        return results;
    }

    public static string ToMarkdown(List<Result> results)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| lookahead | SI-SDR out vs in (mean) | (worst clip) | clips ≥ 20 dB | speech band ≥ 80 Hz: mean | (worst clip) | clips ≥ 20 dB | onset level, first 50 ms (mean) | (worst onset) | clips | onsets |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Lookahead} | {r.MeanSiSdr:F1} dB | {r.MinSiSdr:F1} dB | {r.ClipsAtLeast20Db} | {r.MeanSpeechBandSiSdr:F1} dB | {r.MinSpeechBandSiSdr:F1} dB | {r.SpeechBandClipsAtLeast20Db} | {r.MeanOnsetDb:F2} dB | {r.WorstOnsetDb:F1} dB | {r.Clips} | {r.Onsets} |"));
        sb.AppendLine();
        foreach (var r in results)
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Below 20 dB at lookahead {r.Lookahead}: ") +
                (r.Below20Db.Count == 0 ? "none" : string.Join(", ", r.Below20Db.Select(c =>
                    string.Create(CultureInfo.InvariantCulture, $"{c.Clip} ({c.SiSdr:F1} dB; speech band {c.SpeechBandSiSdr:F1} dB)")))));
        foreach (var r in results.Where(r => r.WorstOnsetAt.Length > 0))
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Worst onset at lookahead {r.Lookahead}: {r.WorstOnsetAt} ({r.WorstOnsetDb:F1} dB)"));
        foreach (var r in results.Where(r => r.Transients > 0))
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"Transients at lookahead {r.Lookahead} (rises into no syllable within {SyllableWithinDb:F0} dB of the clip's peak, not counted as onsets): {r.Transients}, worst {r.WorstTransientAt} ({r.WorstTransientDb:F1} dB)"));
        return sb.ToString();
    }

    /// <summary>Rises in level: a 20 ms frame 20 dB above each of the previous five and within 30 dB of the clip's
    /// loudest frame, each marked as a word onset or a transient (<see cref="SyllableWithinDb"/>).</summary>
    public static IEnumerable<Onset> FindOnsets(float[] x)
    {
        const int frame = 960, syllableFrames = 10;
        var e = FrameEnergy.Of(x, frame);
        int frames = e.Length;
        double peak = e.DefaultIfEmpty(0).Max();
        double syllableFloor = peak * Math.Pow(10, -SyllableWithinDb / 10);
        for (int f = 5; f < frames; f++)
        {
            double before = 0;
            for (int k = f - 5; k < f; k++) before = Math.Max(before, e[k]);
            if (e[f] > peak * 1e-3 && e[f] > before * 100)
            {
                double nucleus = 0;
                for (int k = f; k < Math.Min(frames, f + syllableFrames); k++) nucleus = Math.Max(nucleus, e[k]);
                yield return new Onset(f * frame, nucleus >= syllableFloor);
            }
        }
    }

    /// <summary>Σ x² over [start, end), in double.</summary>
    internal static double Energy(float[] x, int start, int end)
    {
        double s = 0;
        for (int i = start; i < end; i++) s += (double)x[i] * x[i];
        return s;
    }
}
