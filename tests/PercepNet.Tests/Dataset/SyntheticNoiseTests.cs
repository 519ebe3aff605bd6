using PercepNet.Cli.Dataset;
using PercepNet.Cli.Dataset.Synthetic;

namespace PercepNet.Tests.Dataset;

/// <summary>The mixer's procedural noise families (issue 18) make what they claim to make.</summary>
public class SyntheticNoiseTests
{
    private const int Rate = 48000, N = 4 * Rate;

    public static TheoryData<string> Families => new() { "calls", "pulsed", "machine", "clicks" };

    private static float[] Make(string family, int seed, List<string> desc) => family switch
    {
        "calls" => HarmonicCalls.Make(new Random(seed), N, desc),
        "pulsed" => PulsedTones.Make(new Random(seed), N, desc),
        "machine" => MachineNoise.Make(new Random(seed), N, desc),
        _ => Clicks.Make(new Random(seed), N, desc),
    };

    [Theory, MemberData(nameof(Families))]
    public void Each_family_is_deterministic_per_seed_finite_audible_and_varied(string family)
    {
        var a = Make(family, 3, []);
        Assert.Equal(a, Make(family, 3, []));
        Assert.NotEqual(a, Make(family, 4, []));
        Assert.Equal(N, a.Length);
        Assert.All(a, v => Assert.True(float.IsFinite(v)));
        for (int seed = 0; seed < 12; seed++)
            Assert.True(Rms(Make(family, seed, []), 0, N) > 1e-3, $"{family} seed {seed} is silent");
    }

    /// <summary>
    /// Harmonic like a voice: while a call sounds, the signal repeats itself at some period. Chirps are left out: a
    /// 20–200 ms sweep over up to 1.5 octaves does not repeat within a 40 ms frame, as a bird's does not.
    /// </summary>
    [Fact]
    public void Harmonic_calls_are_periodic_where_they_sound()
    {
        int checkedCalls = 0;
        for (int seed = 0; seed < 16; seed++)
        {
            var desc = new List<string>();
            var x = Make("calls", seed, desc);
            if (desc[0].StartsWith("chirp", StringComparison.Ordinal)) continue;
            checkedCalls++;
            const int frame = 1920;
            double peak = Enumerable.Range(0, N / frame).Max(f => Rms(x, f * frame, frame));
            var periodicity = Enumerable.Range(0, N / frame - 1)
                .Where(f => Rms(x, f * frame, frame) > 0.3 * peak)
                .Select(f => MaxNormalisedCorrelation(x, f * frame, frame / 2)).ToList();
            Assert.NotEmpty(periodicity);
            Assert.True(periodicity.Average() > 0.8, $"seed {seed} ({string.Join(", ", desc)}): mean periodicity {periodicity.Average():F2}");
        }
        Assert.True(checkedCalls >= 8, $"only {checkedCalls} of 16 seeds made a call other than a chirp");
    }

    [Fact]
    public void Insects_sit_above_two_kilohertz()
    {
        int checkedInsects = 0;
        for (int seed = 0; seed < 30 && checkedInsects < 5; seed++)
        {
            var desc = new List<string>();
            var x = Make("pulsed", seed, desc);
            if (!desc[0].StartsWith("insects")) continue;
            checkedInsects++;
            // A 4th-order Butterworth high-pass at 2 kHz keeps nearly all of it (it passes 2.5 kHz at -0.7 dB).
            double kept = Rms(Biquad.HighPassed(x, Rate, 2000), 0, N) / Rms(x, 0, N);
            Assert.True(kept > 0.85, $"seed {seed}: {kept:F3} of the level lies above 2 kHz");
        }
        Assert.Equal(5, checkedInsects);
    }

    [Fact]
    public void Clicks_are_transients_with_a_high_crest_factor()
    {
        for (int seed = 0; seed < 8; seed++)
        {
            var x = Make("clicks", seed, []);
            double crest = x.Max(Math.Abs) / Rms(x, 0, N);
            Assert.True(crest > 8, $"seed {seed}: crest factor {crest:F1}");
        }
    }

    private static double Rms(float[] x, int start, int length)
    {
        double e = 0;
        for (int i = start; i < start + length; i++) e += (double)x[i] * x[i];
        return Math.Sqrt(e / length);
    }

    /// <summary>The largest normalised correlation of a window with itself delayed by 20..960 samples (50 Hz–2.4 kHz).</summary>
    private static double MaxNormalisedCorrelation(float[] x, int start, int window)
    {
        double best = 0;
        for (int lag = 20; lag <= 960; lag++)
        {
            double xy = 0, xx = 0, yy = 0;
            for (int i = start; i < start + window; i++) { xy += x[i] * x[i + lag]; xx += x[i] * x[i]; yy += x[i + lag] * x[i + lag]; }
            best = Math.Max(best, xy / Math.Sqrt(xx * yy + 1e-30));
        }
        return best;
    }
}
