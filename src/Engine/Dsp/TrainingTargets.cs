namespace PercepNet.Engine.Dsp;

/// <summary>
/// Oracle targets (docs/DESIGN.md §3) from the analyses of the noisy input and of the target speech
/// (the target analysed with the noisy input's pitch, so both comb filters agree).
/// </summary>
public static class TrainingTargets
{
    /// <summary>g_b = sqrt(E_clean,b / E_noisy,b) clamped to [0, 1]; 1 where the input band is silent.</summary>
    public static void Gains(FrameAnalysis noisy, FrameAnalysis clean, Span<float> gains)
    {
        for (int b = 0; b < ErbBands.Count; b++)
        {
            float en = noisy.EnergyX[b], ec = clean.EnergyX[b];
            gains[b] = en > 1e-12f ? Math.Clamp(MathF.Sqrt(ec / en), 0f, 1f) : 1f;
        }
    }

    /// <summary>
    /// r_b such that mixing the noisy band with its energy-matched comb output gives the clean
    /// band's pitch coherence (paper §3.3). Model: P is coherent along the pitch direction, X has
    /// coherence q_y with it; after the mix Y = (1−r)X + rP̃ the coherence is
    /// ((1−r)q_y + r) / sqrt(((1−r)q_y + r)² + (1−r)²(1−q_y²)). Setting it equal to q_x gives
    /// r/(1−r) = β = q_x·sqrt(1−q_y²)/sqrt(1−q_x²) − q_y, so r = β/(1+β), and 0 when β ≤ 0
    /// (clean no more periodic than the input, e.g. unvoiced).
    /// </summary>
    public static float Strength(float qClean, float qNoisy)
    {
        float qx = Math.Clamp(qClean, 0f, 0.999f);
        float qy = Math.Clamp(qNoisy, 0f, 0.999f);
        float beta = qx * MathF.Sqrt(1 - qy * qy) / MathF.Sqrt(1 - qx * qx) - qy;
        return beta <= 0 ? 0f : Math.Clamp(beta / (1 + beta), 0f, 1f);
    }

    public static void Strengths(FrameAnalysis noisy, FrameAnalysis clean, Span<float> strengths)
    {
        for (int b = 0; b < ErbBands.Count; b++)
            strengths[b] = Strength(clean.Coherence[b], noisy.Coherence[b]);
    }
}
