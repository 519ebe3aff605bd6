using PercepNet.Engine;
using PercepNet.Engine.Inference;
using PercepNet.Engine.Processing;

namespace PercepNet.Cli.Denoise;

/// <summary>
/// The product's enhancer: the Engine's ChannelProcessor (any rate, exact latency, dry/wet) over the trained network,
/// built exactly as the plugin builds it, so a bounce and a plugin render give the same audio.
/// </summary>
/// <param name="createLinkSource">Builds the mid-signal processor of a linked stereo pair (--stereo-link on); null
/// keeps channels independent.</param>
public sealed class EngineChannelEnhancer(ChannelProcessor processor, Func<ChannelProcessor>? createLinkSource = null) : IChannelEnhancer
{
    public int LatencySamples => processor.LatencySamples;

    public void Process(ReadOnlySpan<float> input, Span<float> output) => processor.Process(input, output);

    public IStereoLinkFeed? LinkWith(IChannelEnhancer right)
    {
        if (createLinkSource is null || right is not EngineChannelEnhancer other) return null;
        return new LinkFeed(new StereoLink(processor, other.Processor, createLinkSource()));
    }

    private ChannelProcessor Processor => processor;

    public PercepNet.Engine.Dsp.GainReductionMeter Meter => processor.Enhancer.Meter;

    private sealed class LinkFeed(StereoLink link) : IStereoLinkFeed
    {
        public void Feed(ReadOnlySpan<float> left, ReadOnlySpan<float> right) => link.Feed(left, right);
    }

    /// <summary>Loads the model once (immutable, shared by every channel and file) and returns the per-channel factory.</summary>
    public static ChannelEnhancerFactory CreateFactory(DenoiseOptions options)
    {
        var model = ModelLoader.Load(options.ModelPath);
        if (options.Lookahead > model.MaxLookahead)
            throw new CliException(ExitCode.ModelError,
                $"--lookahead {options.Lookahead}: the model supports at most {model.MaxLookahead} frame(s) of lookahead");
        ChannelEnhancerFactory factory = rate => new EngineChannelEnhancer(CreateProcessor(new NetworkGainSource(model), rate, options),
            options.StereoLink ? () => CreateProcessor(new NetworkGainSource(model), rate, options) : null);
        try { _ = factory(48000); } // a model that does not fit this engine fails here, before any file is touched
        catch (InvalidModelException e) { throw new CliException(ExitCode.ModelError, $"model {options.ModelPath ?? "(built-in)"}: {e.Message}"); }
        return factory;
    }

    /// <param name="gains">The network in the product; tests pass a known gain source.</param>
    internal static ChannelProcessor CreateProcessor(IFrameGainSource gains, int sampleRate, DenoiseOptions options)
    {
        if (sampleRate < ChannelProcessor.MinSampleRate || sampleRate > ChannelProcessor.MaxSampleRate)
            throw new CliException(ExitCode.InputError,
                $"sample rate {sampleRate} Hz is outside {ChannelProcessor.MinSampleRate:0}…{ChannelProcessor.MaxSampleRate:0} Hz");
        var enhancer = new SpeechEnhancer(gains, options.Lookahead)
        {
            AttenuationLimitDb = options.AttenuationLimitDb,
            PostFilterAmount = options.PostFilter,
        };
        return new ChannelProcessor(enhancer, sampleRate) { DryWet = options.DryWet };
    }
}
