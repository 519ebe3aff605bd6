namespace PercepNet.Engine.Inference;

/// <summary>Fully connected layer: <c>y = act(W x + b)</c>.</summary>
internal sealed class DenseLayer : ModelLayer
{
    public DenseLayer(ActivationKind activation, WeightMatrix weights, float[] bias)
        : base(activation, weights.Columns, weights.Rows)
    {
        Weights = weights;
        Bias = bias;
    }

    public override LayerKind Kind => LayerKind.Dense;
    public WeightMatrix Weights { get; }
    public float[] Bias { get; }
    public override long WeightCount => (long)Weights.Rows * Weights.Columns;
}
