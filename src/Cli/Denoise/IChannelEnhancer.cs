namespace PercepNet.Cli.Denoise;

/// <summary>
/// One channel's streaming enhancer as the file pipeline sees it: equal input and output counts, output delayed by
/// exactly <see cref="LatencySamples"/>. In the product this is the Engine's ChannelProcessor (the same object the
/// plugin runs, so both give the same audio); tests substitute known filters to check alignment and lengths.
/// </summary>
public interface IChannelEnhancer
{
    int LatencySamples { get; }

    void Process(ReadOnlySpan<float> input, Span<float> output);
}

/// <summary>Makes one enhancer per channel for a file at the given sample rate.</summary>
public delegate IChannelEnhancer ChannelEnhancerFactory(int sampleRate);
