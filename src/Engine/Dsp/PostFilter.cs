namespace PercepNet.Engine.Dsp;

/// <summary>
/// Envelope post-filter and attenuation floor (docs/DESIGN.md §4, the paper's "we cheat"): bands whose
/// gain says they are still noisy are pushed down a little more, g → g·sin(π/2·g) mixed by
/// <c>amount</c>, then the frame gets the paper's global gain G = √((1+β)·r / (1+β·r²)), r = E0/E1 the
/// estimated clean energy Σ g_b²·E_b before over after the warp, β = 0.02 (gains capped at 1 so it never
/// amplifies above the input). A frame the warp barely touched (r ≈ 1, speech) gets its energy back; a frame
/// whose gains were all low (r large: noise, a pause) gets little back and stays attenuated. Finally g ≥ floor.
/// A clean band (g = 1) is unchanged: high SNR does no harm.
/// </summary>
public static class PostFilter
{
    /// <summary>
    /// β of the global gain (PercepNet, Valin et al. 2020, §4.3). β = 0 would restore every frame's energy, as
    /// this engine did until 2026-12-06: that left pauses 7 dB louder (noise alone: 33 against 40 dB of
    /// attenuation with Light) and cost DNSMOS OVRL 0.07–0.09 at −10..0 dB input (docs/generalization.md).
    /// </summary>
    public const double CompensationBeta = 0.02;

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
                double r = before / after;
                float scale = (float)Math.Sqrt((1 + CompensationBeta) * r / (1 + CompensationBeta * r * r));
                for (int b = 0; b < n; b++) gains[b] = MathF.Min(1f, gains[b] * scale);
            }
        }
        for (int b = 0; b < n; b++) gains[b] = MathF.Max(gains[b], floorGain);
    }

    /// <summary>Attenuation floor gain for a suppression of <paramref name="attenuationDb"/> dB.</summary>
    public static float FloorGain(float attenuationDb) => MathF.Pow(10f, -attenuationDb / 20f);
}
