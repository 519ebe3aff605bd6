using PercepNet.Engine.Processing;

namespace PercepNet.Tests.Processing;

/// <summary>A 48 kHz stage that only delays, standing in for the enhancer where latency alone is tested.</summary>
internal sealed class DelayStage : IFixedLatencyStage
{
    private readonly DelayLine _line;

    public DelayStage(int latency) => _line = new DelayLine(latency) { Delay = latency };

    public int LatencySamples => _line.Delay;

    public void Process(ReadOnlySpan<float> input, Span<float> output) => _line.Process(input, output);

    public void Reset() => _line.Reset();
}
