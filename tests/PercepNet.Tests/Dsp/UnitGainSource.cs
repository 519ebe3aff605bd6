using PercepNet.Engine;
using PercepNet.Engine.Dsp;

namespace PercepNet.Tests.Dsp;

/// <summary>g_b = 1, r_b = 0: the engine must then reproduce its input exactly (delayed).</summary>
public sealed class UnitGainSource : IFrameGainSource
{
    public void Estimate(FrameAnalysis newest, int lookahead, Span<float> gains, Span<float> strengths)
    {
        gains.Fill(1f);
        strengths.Clear();
    }

    public void Reset() { }
}
