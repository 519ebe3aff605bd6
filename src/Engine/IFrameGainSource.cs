using PercepNet.Engine.Dsp;

namespace PercepNet.Engine;

/// <summary>
/// Decides the band gains g_b and pitch-filter strengths r_b of a frame: the trained network in
/// normal use, oracle targets in the oracle ladder, unit gains in reconstruction tests.
/// Called once per hop on the audio thread: must not allocate.
/// </summary>
public interface IFrameGainSource
{
    /// <summary>
    /// Receives the analysis of the newest frame τ and writes g_b, r_b (before post-filter and floor)
    /// for frame τ − <paramref name="lookahead"/>.
    /// </summary>
    void Estimate(FrameAnalysis newest, int lookahead, Span<float> gains, Span<float> strengths);

    void Reset();
}
