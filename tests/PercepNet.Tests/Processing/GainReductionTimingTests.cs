using PercepNet.Cli.Dataset;
using PercepNet.Engine;
using PercepNet.Engine.Inference;
using PercepNet.Engine.Processing;

namespace PercepNet.Tests.Processing;

/// <summary>
/// How fast the gain-reduction meter moves when a voice stops (issue 21: "within 50 ms of a change in the input"),
/// on real recordings: held-out dev speech cut off abruptly at its loudest 10 ms over a held-out dev noise recording
/// that goes on (5 dB SNR), through the default model at lookahead 1, the meter read after every 10 ms block as a host
/// reads it. Measured when this test was written (24 dev mixtures, docs/CLI.md): +3 dB after a median 40 ms of input,
/// within 50 ms for 22 of 24 clips, the slowest 90 ms.
/// </summary>
public class GainReductionTimingTests
{
    const int Rate = 48000, Block = 480, Clips = 8;

    [SharedDataFact]
    public void The_meter_rises_3_dB_within_50_ms_of_a_voice_stopping_over_real_noise_on_the_median_clip()
    {
        using var dir = new Cli.TempDir();
        var manifest = DataManifest.Load(SharedData.Root);
        var cache = new AudioCache(SharedData.Root, dir.File("cache"), TextWriter.Null);
        var speech = manifest.Where(f => f.Split == "dev" && f.Kind == "speech" && f.IsPermissive && f.BandEdgeHz >= 12000)
            .OrderBy(f => f.Path, StringComparer.Ordinal).Take(Clips).Select(f => cache.Load(f)!).ToList();
        var noiseFile = manifest.Where(f => f.Split == "dev" && f.Kind == "noise" && f.IsPermissive && f.SampleRate >= 32000)
            .OrderBy(f => f.Path, StringComparer.Ordinal).First();
        var noise = cache.Load(noiseFile)!;
        var model = BuiltInModels.TryLoadDefault()!;

        var times = new List<int>();
        foreach (var voice in speech)
        {
            // The loudest 10 ms between 40 % and 80 % of the clip: the voice stops at its start.
            int blocks = voice.Length / Block;
            int cutBlock = Enumerable.Range(blocks * 2 / 5, blocks * 2 / 5).MaxBy(b => Energy(voice, b * Block));
            double voicePower = voice.Average(v => (double)v * v), noisePower = noise.Take(voice.Length).Average(v => (double)v * v);
            float gain = (float)Math.Sqrt(voicePower / noisePower / Math.Pow(10, 5 / 10.0));
            var x = new float[voice.Length];
            for (int i = 0; i < x.Length; i++) x[i] = gain * noise[i % noise.Length] + (i < cutBlock * Block ? voice[i] : 0f);

            var processor = new ChannelProcessor(model, Rate, lookahead: 1);
            var y = new float[Block];
            var readings = new float[blocks];
            for (int b = 0; b < blocks; b++)
            {
                processor.Process(x.AsSpan(b * Block, Block), y);
                readings[b] = processor.GainReductionDb;
            }
            // Milliseconds of input after the voice stopped until the reading is 3 dB above the last one before.
            float before = readings[cutBlock - 1];
            int k = 0;
            while (cutBlock + k < blocks && readings[cutBlock + k] - before < 3) k++;
            times.Add((k + 1) * 10);
        }
        times.Sort();
        int median = times[(times.Count - 1) / 2];
        Assert.True(median <= 50, $"the meter rose 3 dB after {string.Join(", ", times)} ms (median {median} ms)");
    }

    static double Energy(float[] x, int from)
    {
        double e = 0;
        for (int i = from; i < from + Block; i++) e += (double)x[i] * x[i];
        return e;
    }
}
