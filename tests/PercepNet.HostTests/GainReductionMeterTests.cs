using PercepNet.HostTest.Hosting;
using PercepNet.HostTest.Rendering;

namespace PercepNet.HostTests;

/// The gain-reduction meter through each format's C ABI (issue 21): a read-only parameter in CLAP (params.get_value)
/// and VST3 (getParamNormalized), an output control port in LADSPA, read after every 10 ms block as a host's meter
/// reads it: ≥ 20 dB on noise alone, ≤ 3 dB on a clean voice, ≥ 10 dB lower 50 ms after a voice starts.
public class GainReductionMeterTests
{
    const int Rate = 48000, Block = 480;

    static unsafe float[] Readings(PluginFormat format, float[] x)
    {
        using IHostedPlugin plugin = PluginBinaries.Open(format);
        ParameterInfo meter = Assert.Single(plugin.Parameters, p => p.IsReadOnly);
        Assert.Equal("Gain reduction", meter.Name.Replace(" (dB)", ""));
        plugin.Activate(Rate, Block);
        var readings = new float[x.Length / Block];
        var output = new float[Block];
        fixed (float* input = x, o = output)
        {
            float** inputs = stackalloc float*[1];
            float** outputs = stackalloc float*[1];
            outputs[0] = o;
            for (int b = 0; b < readings.Length; b++)
            {
                inputs[0] = input + b * Block;
                plugin.Process(inputs, outputs, Block, []);
                readings[b] = (float)plugin.GetParameter(meter.Id);
            }
        }
        return readings;
    }

    static float[] Noise(double seconds, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, (int)(seconds * Rate)).Select(_ => (float)(0.03 * (random.NextDouble() * 2 - 1))).ToArray();
    }

    [Theory]
    [MemberData(nameof(PluginBinaries.AllFormats), MemberType = typeof(PluginBinaries))]
    public void Reads_at_least_20_dB_on_noise_at_most_3_dB_on_a_clean_voice_and_falls_within_50_ms_of_its_onset(PluginFormat format)
    {
        float[] voice = SpeechLikeSignal.Generate(Rate, 1.5, seed: 7, noiseLevel: 0);
        int onset = Array.FindIndex(voice, s => Math.Abs(s) > 0.02);
        float[] x = [.. Noise(1.0, seed: 1), .. voice[onset..]];
        var readings = Readings(format, x);
        int change = Rate / Block;

        var noise = readings[50..change];
        Assert.True(noise.Min() >= 20, $"{format}: noise alone, the meter fell to {noise.Min():F1} dB");
        Assert.True(readings[change - 1] - readings[change + 4] >= 10,
            $"{format}: 50 ms into the voice the meter went from {readings[change - 1]:F1} dB only to {readings[change + 4]:F1} dB");

        // While the voice sounds (blocks within 20 dB of its loudest), after its first half second.
        float[] played = x[(change * Block)..];
        double Level(int b) => Math.Sqrt(played.AsSpan(b * Block, Block).ToArray().Average(s => (double)s * s));
        double loudest = Enumerable.Range(0, played.Length / Block).Max(Level);
        var voiced = Enumerable.Range(50, played.Length / Block - 50).Where(b => Level(b) > 0.1 * loudest).Select(b => readings[change + b]).ToList();
        Assert.True(voiced.Count > 30, $"{format}: only {voiced.Count} voiced blocks");
        Assert.True(voiced.Average() <= 3, $"{format}: clean voice, the meter reads {voiced.Average():F2} dB on average");
    }
}
