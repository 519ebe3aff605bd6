using PercepNet.Engine.Inference;

namespace PercepNet.Plugin.Core;

/// <summary>
/// The networks every instance in this process shares: the models embedded in the Engine
/// assembly, so an installed plug-in needs no other file (issue 6). Loaded once, on the
/// first instantiation (a main-thread call), never on the audio thread. "Model: Light" (the
/// default, BuiltInModels) runs <see cref="Light"/>, "Model: Full" runs <see cref="Full"/>;
/// a build without the Light network runs Full for both, one without Full refuses to load.
/// </summary>
public static class SharedModel
{
    static readonly Lazy<(PercepNetModel? Model, string? Error)> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    static readonly Lazy<(PercepNetModel? Model, string? Error)> LoadedLight = new(LoadLight, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The embedded Full model, behind "Model: Full".</summary>
    public static PercepNetModel? Full => Loaded.Value.Model;

    /// <summary>The embedded Light model (the Model parameter's default), or null when the build has none (the
    /// parameter's Light then runs the Full model).</summary>
    public static PercepNetModel? Light => LoadedLight.Value.Model;

    /// <summary>Why an embedded Light model could not be used, or null (none embedded is not an error).</summary>
    public static string? LightError => LoadedLight.Value.Error;

    /// <summary>Why <see cref="Full"/> is null, in words for the host's log.</summary>
    public static string? FullError => Loaded.Value.Error;

    static (PercepNetModel?, string?) Load()
    {
        try
        {
            var model = BuiltInModels.TryLoadFull();
            return model is null
                ? (null, "this build has no embedded model (models/percepnet-full.pnm was missing at build time)")
                : (model, null);
        }
        catch (Exception e)
        {
            return (null, "the embedded model is invalid: " + e.Message);
        }
    }

    static (PercepNetModel?, string?) LoadLight()
    {
        try
        {
            return (BuiltInModels.TryLoadLight(), null);
        }
        catch (Exception e)
        {
            return (null, "the embedded light model is invalid, \"Light\" runs the full model: " + e.Message);
        }
    }

    /// <summary>
    /// A processor over the shared models, or null when the Full model is missing: passing audio through
    /// unprocessed while claiming to denoise would be a silent failure. The reason goes to <paramref name="log"/>.
    /// </summary>
    /// <param name="restartsForLatency">See <see cref="PercepNetProcessor.RestartsForLatency"/>.</param>
    public static PercepNetProcessor? CreateProcessor(PluginLog? log = null, bool restartsForLatency = true)
    {
        var full = Full;
        if (full is null)
        {
            log?.Invoke(LogSeverity.Error, "PercepNet refuses to instantiate: " + FullError);
            return null;
        }
        if (LightError is { } lightError) log?.Invoke(LogSeverity.Warning, "PercepNet: " + lightError);
        return new PercepNetProcessor(full, Light) { Log = log, RestartsForLatency = restartsForLatency };
    }
}
