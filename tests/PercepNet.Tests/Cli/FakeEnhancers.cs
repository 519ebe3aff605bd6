using PercepNet.Cli.Denoise;

namespace PercepNet.Tests.Cli;

/// <summary>
/// A known stand-in for the Engine's ChannelProcessor: output = gain × input delayed by exactly LatencySamples.
/// With it, any misalignment or length error of the file pipeline shows up sample-exactly.
/// </summary>
internal sealed class DelayingGain(int latency, float gain) : IChannelEnhancer
{
    private readonly Queue<float> _line = new(Enumerable.Repeat(0f, latency));

    public int LatencySamples => latency;

    public void Process(ReadOnlySpan<float> input, Span<float> output)
    {
        for (int i = 0; i < input.Length; i++)
        {
            _line.Enqueue(input[i]);
            output[i] = gain * _line.Dequeue();
        }
    }

    /// <summary>Latency that depends on the rate, like the real resampling chain (not a multiple of anything).</summary>
    public static ChannelEnhancerFactory Factory(float gain) => rate => new DelayingGain(rate / 100 + 37, gain);
}
