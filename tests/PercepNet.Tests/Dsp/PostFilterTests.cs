using PercepNet.Engine.Dsp;

namespace PercepNet.Tests.Dsp;

/// <summary>
/// The envelope post-filter's global gain (PercepNet §4.3, docs/DESIGN.md §4): a frame whose gains say "speech"
/// keeps its estimated clean energy, a frame whose gains are all low stays attenuated, a clean frame is untouched.
/// </summary>
public class PostFilterTests
{
    private const int Bands = 34;

    private static float[] Energies() => Enumerable.Range(0, Bands).Select(b => 1f / (1 + b)).ToArray();

    /// <summary>Σ g_b²·E_b: the frame's estimated clean energy under <paramref name="gains"/>.</summary>
    private static double Estimate(float[] gains, float[] energy) => gains.Select((g, b) => (double)g * g * energy[b]).Sum();

    [Fact]
    public void A_clean_frame_is_unchanged()
    {
        var gains = Enumerable.Repeat(1f, Bands).ToArray();
        PostFilter.Apply(gains, Energies(), amount: 1, floorGain: 0);
        Assert.All(gains, g => Assert.Equal(1f, g));
    }

    [Fact]
    public void A_speech_frame_keeps_its_estimated_clean_energy()
    {
        // Voiced speech: the low bands carry the energy at gains near 1, the top bands are noisy.
        var energy = Energies();
        var gains = Enumerable.Range(0, Bands).Select(b => b < 16 ? 0.95f : 0.3f).ToArray();
        double before = Estimate(gains, energy);
        PostFilter.Apply(gains, energy, amount: 1, floorGain: 0);
        double changeDb = 10 * Math.Log10(Estimate(gains, energy) / before);
        Assert.InRange(changeDb, -0.5, 0.5);
        Assert.True(gains[Bands - 1] < 0.3f * 0.6f, $"noisy band {gains[Bands - 1]}: the warp must still push it down");
    }

    [Fact]
    public void A_frame_whose_gains_are_all_low_stays_attenuated()
    {
        // A pause in noise: every band at −20 dB. Restoring the energy (β = 0) would leave it at −20 dB; the
        // paper's global gain gives back little, so the frame ends near −35 dB.
        var energy = Energies();
        var gains = Enumerable.Repeat(0.1f, Bands).ToArray();
        double before = Estimate(gains, energy);
        PostFilter.Apply(gains, energy, amount: 1, floorGain: 0);
        double changeDb = 10 * Math.Log10(Estimate(gains, energy) / before);
        Assert.InRange(changeDb, -20, -10);
    }

    [Fact]
    public void No_gain_ever_exceeds_one_and_the_floor_holds()
    {
        // r = E0/E1 near 1/√β is where the global gain peaks (+5.6 dB); the cap keeps the output at or below the input.
        var energy = Energies();
        var gains = Enumerable.Range(0, Bands).Select(b => b % 2 == 0 ? 1f : 0.35f).ToArray();
        PostFilter.Apply(gains, energy, amount: 1, floorGain: 0.05f);
        Assert.All(gains, g => Assert.InRange(g, 0.05f, 1f));
    }

    [Fact]
    public void Amount_zero_leaves_the_gains_to_the_floor_alone()
    {
        var gains = Enumerable.Range(0, Bands).Select(b => 0.02f * b).ToArray();
        var expected = gains.Select(g => Math.Max(g, 0.1f)).ToArray();
        PostFilter.Apply(gains, Energies(), amount: 0, floorGain: 0.1f);
        Assert.Equal(expected, gains);
    }
}
