using PercepNet.Engine.Inference;

namespace PercepNet.Cli.Denoise;

/// <summary>
/// Finds the network for <c>denoise</c>: the file given with --model, else the model built into the Engine. With
/// neither there is no enhancement to do, and we say so instead of passing audio through.
/// </summary>
public static class ModelLoader
{
    public static PercepNetModel Load(string? modelPath)
    {
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

        PercepNetModel? model;
        try { model = DefaultModel.TryLoad(); }
        catch (InvalidModelException e) { throw new CliException(ExitCode.ModelError, $"the built-in model is broken: {e.Message}"); }
        return model ?? throw new CliException(ExitCode.ModelError,
            $"no model: this build has no built-in models/{DefaultModel.ResourceName} and no --model FILE was given. " +
            "Train one (see training/) or pass --model path/to/model.pnm. Refusing to copy audio through unprocessed.");
    }
}
