using System.Text;

namespace PercepNet.Engine.Inference;

/// <summary>A validated, immutable PercepNet network (models/FORMAT.md): feature normalisation and the layer list.
/// One instance is shared by every stream; per-stream state lives in <see cref="GainNetwork"/>.</summary>
public sealed class PercepNetModel
{
    internal PercepNetModel(int featureCount, int bandCount, int maxLookahead, float[] featureMean, float[] featureInvStd,
        IReadOnlyList<ModelLayer> layers)
    {
        FeatureCount = featureCount;
        BandCount = bandCount;
        MaxLookahead = maxLookahead;
        FeatureMean = featureMean;
        FeatureInvStd = featureInvStd;
        Layers = layers;
    }

    /// <summary>Parses and validates a model file; throws <see cref="InvalidModelException"/> naming the field and
    /// byte offset of the first problem.</summary>
    public static PercepNetModel Load(ReadOnlySpan<byte> fileBytes) => ModelFileParser.Parse(fileBytes);

    public int FeatureCount { get; }
    public int BandCount { get; }
    /// <summary>Lookahead frames the first convolution was trained with; the engine may run at any lookahead up to it.</summary>
    public int MaxLookahead { get; }
    public long WeightCount => Layers.Sum(layer => layer.WeightCount);

    /// <summary>One line per layer, e.g. <c>Conv1D 70→128 k5 @-2 Tanh</c>, for logs and model cards.</summary>
    public string Architecture
    {
        get
        {
            var text = new StringBuilder();
            foreach (var layer in Layers)
            {
                text.Append($"{layer.Kind} {layer.InputSize}→{layer.OutputSize}");
                if (layer is ConvLayer conv)
                    text.Append($" k{conv.Taps} @{conv.FirstTapOffset}");
                text.Append($" {layer.Activation}\n");
            }
            return text.ToString();
        }
    }

    internal float[] FeatureMean { get; }
    internal float[] FeatureInvStd { get; }
    internal IReadOnlyList<ModelLayer> Layers { get; }
}
