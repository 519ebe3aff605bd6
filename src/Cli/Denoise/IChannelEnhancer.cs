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

    /// <summary>For a two-channel file: links this (left) enhancer with <paramref name="right"/> so both apply one set
    /// of gains, and returns what must be fed both channels' input before each block; null when this enhancer has no
    /// link (the channels stay independent).</summary>
    IStereoLinkFeed? LinkWith(IChannelEnhancer right) => null;

    /// <summary>The enhancer's gain-reduction meter (its readings over the stream give the report's mean and 95th
    /// percentile); null for enhancers without one.</summary>
    PercepNet.Engine.Dsp.GainReductionMeter? Meter => null;
}

/// <summary>A linked pair's gain decision: fed each block's two inputs before the channels process that block.</summary>
public interface IStereoLinkFeed
{
    void Feed(ReadOnlySpan<float> left, ReadOnlySpan<float> right);
}

/// <summary>Makes one enhancer per channel for a file at the given sample rate.</summary>
public delegate IChannelEnhancer ChannelEnhancerFactory(int sampleRate);
