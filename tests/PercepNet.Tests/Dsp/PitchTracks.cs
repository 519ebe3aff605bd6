using PercepNet.Engine.Dsp;

namespace PercepNet.Tests.Dsp;

/// <summary>A whole signal through one <see cref="PitchTracker"/>, hop by hop, as the frame analyser feeds it.</summary>
internal static class PitchTracks
{
    public const int Hop = 480;

    /// <summary>The Viterbi estimate of every complete hop, and the raw per-frame best candidate beside it.</summary>
    public static PitchEstimate[] Run(float[] x, out PitchEstimate[] raw)
    {
        var tracker = new PitchTracker();
        var history = new float[PitchTracker.RequiredHistory];
        var track = new PitchEstimate[x.Length / Hop];
        raw = new PitchEstimate[track.Length];
        for (int hop = 0; hop < track.Length; hop++)
        {
            Array.Copy(history, Hop, history, 0, history.Length - Hop);
            Array.Copy(x, hop * Hop, history, history.Length - Hop, Hop);
            track[hop] = tracker.Track(history);
            raw[hop] = tracker.RawBest;
        }
        return track;
    }

    public static PitchEstimate[] Run(float[] x) => Run(x, out _);
}
