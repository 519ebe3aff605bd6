namespace PercepNet.Engine.Inference;

/// <summary>The shipped models, embedded in the Engine assembly when the build finds them in <c>models/</c>:
/// <c>percepnet-light.pnm</c> (1.34 M weights, the default) and <c>percepnet-full.pnm</c> (the paper's size, 6.6×
/// the compute). Light is the default because it meets docs/DESIGN.md §7's cost bar (engine RTF ≤ 0.02; Full is at
/// 0.023–0.026), scores level with Full on the dev split, and keeps the first word after digital silence, which
/// Full dims by 2–4 dB (models/MODEL_CARD.md, "Which model is the default").</summary>
public static class BuiltInModels
{
    public const string LightResourceName = "percepnet-light.pnm";
    public const string FullResourceName = "percepnet-full.pnm";
    public const string DefaultResourceName = LightResourceName;

    /// <summary>The embedded default model (Light), or null when this build has none. A present but invalid resource
    /// throws <see cref="InvalidModelException"/>: that is a broken build, not a missing model.</summary>
    public static PercepNetModel? TryLoadDefault() => TryLoad(DefaultResourceName);

    /// <summary>The embedded Light model, or null when this build has none (throws as <see cref="TryLoadDefault"/>).</summary>
    public static PercepNetModel? TryLoadLight() => TryLoad(LightResourceName);

    /// <summary>The embedded Full model, or null when this build has none (throws as <see cref="TryLoadDefault"/>).</summary>
    public static PercepNetModel? TryLoadFull() => TryLoad(FullResourceName);

    private static PercepNetModel? TryLoad(string resourceName)
    {
        using var stream = typeof(BuiltInModels).Assembly.GetManifestResourceStream(resourceName);
        if (stream is null)
            return null;
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return PercepNetModel.Load(bytes);
    }
}
