namespace PercepNet.Engine.Inference;

/// <summary>Fully connected layer: <c>y = act(W x + b)</c>. Its input x is the previous layer's output, or with
/// <see cref="InputLayers"/> &gt; 1 the outputs of that many layers before it, side by side in layer order
/// (<see cref="LayerKind.DenseOfOutputs"/>).</summary>
internal sealed class DenseLayer : ModelLayer
{
    public DenseLayer(ActivationKind activation, WeightMatrix weights, float[] bias, int inputLayers = 1)
        : base(activation, weights.Columns, weights.Rows)
    {
        Weights = weights;
        Bias = bias;
        InputLayers = inputLayers;
    }

    public override LayerKind Kind => InputLayers > 1 ? LayerKind.DenseOfOutputs : LayerKind.Dense;
    public override int InputLayers { get; }
    public WeightMatrix Weights { get; }
    public float[] Bias { get; }
    public override long WeightCount => (long)Weights.Rows * Weights.Columns;
}
