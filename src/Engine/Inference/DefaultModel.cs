namespace PercepNet.Engine.Inference;

/// <summary>The shipped model, embedded in the Engine assembly as <c>percepnet-default.pnm</c> when the build finds
/// <c>models/percepnet-default.pnm</c>.</summary>
public static class DefaultModel
{
    public const string ResourceName = "percepnet-default.pnm";

    /// <summary>The embedded model, or null when this build has none. A present but invalid resource throws
    /// <see cref="InvalidModelException"/>: that is a broken build, not a missing model.</summary>
    public static PercepNetModel? TryLoad()
    {
        using var stream = typeof(DefaultModel).Assembly.GetManifestResourceStream(ResourceName);
        if (stream is null)
            return null;
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return PercepNetModel.Load(bytes);
    }
}
