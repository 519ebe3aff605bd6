namespace PercepNet.Engine.Dsp;

/// <summary>
/// Envelope post-filter and attenuation floor (docs/DESIGN.md §4, the paper's "we cheat"): bands whose
/// gain says they are still noisy are pushed down a little more, g → g·sin(π/2·g) mixed by
/// <c>amount</c>, then the frame is rescaled so the estimated clean energy Σ g_b²·E_b is kept
/// (gains capped at 1 so the rescale never amplifies above the input). Finally g ≥ floor.
/// A clean band (g = 1) is unchanged: high SNR does no harm.
/// </summary>
public static class PostFilter
{
    public static void Apply(Span<float> gains, ReadOnlySpan<float> bandEnergy, float amount, float floorGain)
    {
        int n = gains.Length;
        if (amount > 0)
        {
            double before = 0, after = 0;
            for (int b = 0; b < n; b++)
            {
                float g = gains[b];
                float warped = g * ((1 - amount) + amount * MathF.Sin(MathF.PI / 2 * g));
                before += (double)g * g * bandEnergy[b];
                after += (double)warped * warped * bandEnergy[b];
                gains[b] = warped;
            }
            if (after > 1e-20)
            {
                float scale = (float)Math.Sqrt(before / after);
                for (int b = 0; b < n; b++) gains[b] = MathF.Min(1f, gains[b] * scale);
            }
        }
        for (int b = 0; b < n; b++) gains[b] = MathF.Max(gains[b], floorGain);
    }

    /// <summary>Attenuation floor gain for a suppression of <paramref name="attenuationDb"/> dB.</summary>
    public static float FloorGain(float attenuationDb) => MathF.Pow(10f, -attenuationDb / 20f);
}
