namespace PercepNet.Engine.Oracle;

/// <summary>Rungs of the oracle ladder (docs/DESIGN.md §3), in the paper's listening order.</summary>
public enum OracleRung
{
    /// <summary>Ideal per-bin magnitude gain |S|/|X| (clamped to 1) on the noisy phase.</summary>
    BinMagnitude,
    /// <summary>Ideal band gains g_b through the ERB triangles, no pitch filter.</summary>
    BandGain,
    /// <summary>Band gains plus the comb filter mixed by the ideal strengths r_b.</summary>
    BandComb,
    /// <summary>Band gains, comb filter and the envelope post-filter at full amount.</summary>
    BandCombPostFilter,
}
