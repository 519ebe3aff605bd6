using PercepNet.Engine.Inference;

namespace PercepNet.Plugin.Core;

/// <summary>
/// The networks every instance in this process shares: the models embedded in the Engine
/// assembly, so an installed plug-in needs no other file (issue 6). Loaded once, on the
/// first instantiation (a main-thread call), never on the audio thread. "Model: Light" (the
/// default, BuiltInModels) runs <see cref="Light"/>, "Model: Full" runs <see cref="Model"/>;
/// a build without the Light network runs Full for both, one without Full refuses to load.
/// </summary>
public static class SharedModel
{
    static readonly Lazy<(PercepNetModel? Model, string? Error)> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    static readonly Lazy<PercepNetModel?> LoadedLight = new(LoadLight, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The embedded Full model, behind "Model: Full".</summary>
    public static PercepNetModel? Model => Loaded.Value.Model;

    /// <summary>The embedded Light model (the Model parameter's default), or null when the build has none (the
    /// parameter's Light then runs the Full model).</summary>
    public static PercepNetModel? Light => LoadedLight.Value;

    /// <summary>Why <see cref="Model"/> is null, in words for the host's log.</summary>
    public static string? Error => Loaded.Value.Error;

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

    static PercepNetModel? LoadLight()
    {
        try
        {
            return BuiltInModels.TryLoadLight();
        }
        catch (Exception e)
        {
            Console.Error.WriteLine("PercepNet: the embedded light model is invalid, \"Light\" runs the full model: " + e.Message);
            return null;
        }
    }

    /// <summary>
    /// The model, or null after telling the user why the plug-in refuses to load: passing
    /// audio through unprocessed while claiming to denoise would be a silent failure.
    /// </summary>
    public static PercepNetModel? GetOrReport(string format)
    {
        var model = Model;
        if (model is null) Console.Error.WriteLine($"PercepNet ({format}): refusing to instantiate: {Error}");
        return model;
    }
}
