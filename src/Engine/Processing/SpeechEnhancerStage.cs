namespace PercepNet.Engine.Processing;

/// <summary>The 48 kHz <see cref="SpeechEnhancer"/> seen as a <see cref="IFixedLatencyStage"/>.</summary>
public sealed class SpeechEnhancerStage(SpeechEnhancer enhancer) : IFixedLatencyStage
{
    public SpeechEnhancer Enhancer { get; } = enhancer;

    public int LatencySamples => Enhancer.LatencySamples;

    public void Process(ReadOnlySpan<float> input, Span<float> output) => Enhancer.Process(input, output);

    public void Reset() => Enhancer.Reset();
}
