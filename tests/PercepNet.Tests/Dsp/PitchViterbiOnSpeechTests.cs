using PercepNet.Cli.Dataset;
using PercepNet.Engine.Dsp;

namespace PercepNet.Tests.Dsp;

/// <summary>Issue 3: on real speech the Viterbi track has fewer octave jumps than the per-frame argmax.</summary>
public class PitchViterbiOnSpeechTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public void ViterbiTrackHasFewerOctaveJumpsThanRawArgmaxOnRealSpeech()
    {
        string data = SharedData.Root;
        var files = DataManifest.Load(data).Where(f => f.Kind == "speech" && f.Split == "dev" && f.BandEdgeHz >= 12000).Take(12).ToList();
        var cache = new AudioCache(data, AudioCache.DefaultCacheDir, TextWriter.Null);
        int viterbiJumps = 0, rawJumps = 0, voicedPairs = 0;
        foreach (var f in files)
        {
            var x = cache.Load(f.Path);
            Assert.NotNull(x);
            var tracker = new PitchTracker();
            var history = new float[PitchTracker.RequiredHistory];
            PitchEstimate? prev = null, prevRaw = null;
            for (int hop = 0; (hop + 1) * 480 <= x!.Length; hop++)
            {
                Array.Copy(history, 480, history, 0, history.Length - 480);
                Array.Copy(x, hop * 480, history, history.Length - 480, 480);
                var est = tracker.Track(history);
                var raw = tracker.RawBest;
                // Count jumps between consecutive voiced frames only (the raw candidate is confidently periodic).
                if (prev is { } p && prevRaw is { } pr && raw.Correlation > 0.6f && pr.Correlation > 0.6f)
                {
                    voicedPairs++;
                    if (IsOctaveJump(p.Period, est.Period)) viterbiJumps++;
                    if (IsOctaveJump(pr.Period, raw.Period)) rawJumps++;
                }
                prev = est; prevRaw = raw;
            }
        }
        output.WriteLine($"octave jumps over {voicedPairs} voiced frame pairs: Viterbi {viterbiJumps}, raw argmax {rawJumps}");
        Assert.True(voicedPairs > 500, $"only {voicedPairs} voiced frame pairs");
        Assert.True(viterbiJumps < rawJumps, $"Viterbi {viterbiJumps} octave jumps vs raw argmax {rawJumps} over {voicedPairs} voiced pairs");
    }

    /// <summary>
    /// Robustness on real speech: the track of the noisy mixture agrees (within 2 %) with the track of
    /// the clean utterance on confidently voiced frames. Measured when written (16 fullband dev files):
    /// white noise 0 dB 87 %, 5 dB 94 %; babble of four other dev talkers 0 dB 43 %, 5 dB 59 %.
    /// The bars sit a few points below, as regression guards (issue 3 note: babble is the open gap).
    /// </summary>
    [Theory]
    [InlineData("white", 0.0, 0.84)]
    [InlineData("white", 5.0, 0.90)]
    [InlineData("babble", 5.0, 0.55)]
    public void NoisyTrackAgreesWithCleanTrackOnRealSpeech(string noiseKind, double snrDb, double required)
    {
        string data = SharedData.Root;
        var files = DataManifest.Load(data).Where(f => f.Kind == "speech" && f.Split == "dev" && f.BandEdgeHz >= 12000).Take(16).ToList();
        var cache = new AudioCache(data, AudioCache.DefaultCacheDir, TextWriter.Null);
        var speech = files.Select(f => cache.Load(f.Path)!).ToList();
        int good = 0, total = 0;
        for (int s = 0; s < speech.Count; s++)
        {
            var x = speech[s];
            var clean = Track(x);
            var noise = noiseKind == "white" ? TestSignals.WhiteNoise(x.Length, 100 + s) : Babble(speech, s, x.Length);
            var noisy = Track(TestSignals.MixAtSnr(x, noise, snrDb));
            for (int i = 0; i < clean.Length; i++)
            {
                if (clean[i].Correlation <= 0.7f) continue;
                total++;
                if (Math.Abs(noisy[i].Period - clean[i].Period) < 0.02 * clean[i].Period) good++;
            }
        }
        double fraction = (double)good / total;
        output.WriteLine($"{noiseKind} {snrDb} dB: {fraction:P1} of {total} voiced frames agree");
        Assert.True(total > 500, $"only {total} voiced frames");
        Assert.True(fraction >= required, $"{noiseKind} {snrDb} dB: {fraction:P1} of {total} voiced frames agree, need {required:P0}");
    }

    private static PitchEstimate[] Track(float[] x)
    {
        var tracker = new PitchTracker();
        var history = new float[PitchTracker.RequiredHistory];
        var track = new PitchEstimate[x.Length / 480];
        for (int hop = 0; hop < track.Length; hop++)
        {
            Array.Copy(history, 480, history, 0, history.Length - 480);
            Array.Copy(x, hop * 480, history, history.Length - 480, 480);
            track[hop] = tracker.Track(history);
        }
        return track;
    }

    /// <summary>Four other talkers at equal level, each from a different offset.</summary>
    private static float[] Babble(List<float[]> speech, int self, int n)
    {
        var b = new float[n];
        for (int k = 1; k <= 4; k++)
        {
            var o = speech[(self + k) % speech.Count];
            double g = 1.0 / TestSignals.Rms(o);
            for (int i = 0; i < n; i++) b[i] += (float)(g * o[(i + 7919 * k) % o.Length]);
        }
        return b;
    }

    private static bool IsOctaveJump(int a, int b) => MathF.Abs(MathF.Log2((float)b / a)) > 0.75f;
}
