namespace PercepNet.Cli.Denoise;

/// <summary>The product's enhancer: the Engine's ChannelProcessor (any rate, fixed latency, dry/wet), as the plugin runs it.</summary>
public static class EngineChannelEnhancer
{
    /// <summary>Loads the model once (shared, immutable) and returns a factory of one processor per channel.</summary>
    public static ChannelEnhancerFactory CreateFactory(DenoiseOptions options)
    {
        var model = ModelLoader.Load(options.ModelPath);
        _ = model;
        // TODO(cli): wire PercepNet.Engine.Processing.ChannelProcessor once it lands.
        throw new CliException(ExitCode.InternalError, "this build has no ChannelProcessor yet");
    }
}
