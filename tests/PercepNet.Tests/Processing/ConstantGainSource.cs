using PercepNet.Engine;
using PercepNet.Engine.Dsp;

namespace PercepNet.Tests.Processing;

/// <summary>
/// Every band at one gain, no pitch filtering, no post-filter: gain 1 makes the enhancer a pure delay (perfect
/// reconstruction), gain 0.1 a −20 dB attenuator, so the wet path's level and timing are known. (With the post-filter
/// a frame whose gains are all 0.1 is a pause and would go further down: docs/DESIGN.md §4.)
/// </summary>
internal sealed class ConstantGainSource(float gain) : IFrameGainSource
{
    public void Estimate(FrameAnalysis newest, int lookahead, Span<float> gains, Span<float> strengths)
    {
        gains.Fill(gain);
        strengths.Clear();
    }

    public void Reset() { }

    public static SpeechEnhancer Enhancer(float gain, int lookahead = 1) =>
        new(new ConstantGainSource(gain), lookahead) { PostFilterAmount = 0 };
}
