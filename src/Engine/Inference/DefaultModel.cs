namespace PercepNet.Engine.Inference;

/// <summary>The shipped models, embedded in the Engine assembly when the build finds them in <c>models/</c>:
/// <c>percepnet-default.pnm</c> (the default) and <c>percepnet-small.pnm</c> (6.6× less compute, the plug-ins'
/// "Light" model; models/MODEL_CARD.md).</summary>
public static class DefaultModel
{
    public const string ResourceName = "percepnet-default.pnm";
    public const string SmallResourceName = "percepnet-small.pnm";

    /// <summary>The embedded default model, or null when this build has none. A present but invalid resource throws
    /// <see cref="InvalidModelException"/>: that is a broken build, not a missing model.</summary>
    public static PercepNetModel? TryLoad() => TryLoad(ResourceName);

    /// <summary>The embedded small model, or null when this build has none (throws as <see cref="TryLoad()"/>).</summary>
    public static PercepNetModel? TryLoadSmall() => TryLoad(SmallResourceName);

    private static PercepNetModel? TryLoad(string resourceName)
    {
        using var stream = typeof(DefaultModel).Assembly.GetManifestResourceStream(resourceName);
        if (stream is null)
            return null;
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return PercepNetModel.Load(bytes);
    }
}
