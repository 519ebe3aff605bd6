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

    private static bool IsOctaveJump(int a, int b) => MathF.Abs(MathF.Log2((float)b / a)) > 0.75f;
}
