using PercepNet.Engine.Inference;

namespace PercepNet.Cli.Denoise;

/// <summary>
/// Finds the network for <c>denoise</c>: the file given with --model, else the default model built into the Engine
/// (Light, <see cref="BuiltInModels"/>). The names <c>full</c> and <c>light</c> choose the built-in models by name, as
/// the plug-ins' Model parameter does (a file of that name is given as <c>./light</c>). With no model there is no enhancement to do, and we say so
/// instead of passing audio through.
/// </summary>
public static class ModelLoader
{
    public const string FullName = "full", LightName = "light";

    public static PercepNetModel Load(string? modelPath)
    {
        if (modelPath == LightName) return BuiltIn(BuiltInModels.TryLoadLight, BuiltInModels.LightResourceName);
        if (modelPath == FullName) return BuiltIn(BuiltInModels.TryLoadFull, BuiltInModels.FullResourceName);
        if (modelPath is not null)
        {
            byte[] bytes;
            try { bytes = File.ReadAllBytes(modelPath); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliException(ExitCode.ModelError, $"model {modelPath}: cannot read: {e.Message}");
            }
            try { return PercepNetModel.Load(bytes); }
            catch (InvalidModelException e) { throw new CliException(ExitCode.ModelError, $"model {modelPath}: {e.Message}"); }
        }

        return BuiltIn(BuiltInModels.TryLoadDefault, BuiltInModels.DefaultResourceName);
    }

    private static PercepNetModel BuiltIn(Func<PercepNetModel?> load, string resourceName)
    {
        PercepNetModel? model;
        try { model = load(); }
        catch (InvalidModelException e) { throw new CliException(ExitCode.ModelError, $"the built-in model {resourceName} is broken: {e.Message}"); }
        return model ?? throw new CliException(ExitCode.ModelError,
            $"no model: this build has no built-in models/{resourceName} and no --model FILE was given. " +
            "Train one (see training/) or pass --model path/to/model.pnm. Refusing to copy audio through unprocessed.");
    }
}
