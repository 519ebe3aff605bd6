namespace PercepNet.Engine.Inference;

/// <summary>Convolution over time: <c>y_t = act(b + Σ_j W_j x_{t+FirstTapOffset+j})</c>. The weight matrix has
/// <c>Taps * InputSize</c> columns, tap-major, so consecutive frames of a history window line up with it.</summary>
internal sealed class ConvLayer : ModelLayer
{
    public ConvLayer(ActivationKind activation, int inputSize, int taps, int firstTapOffset, WeightMatrix weights, float[] bias)
        : base(activation, inputSize, weights.Rows)
    {
        Taps = taps;
        FirstTapOffset = firstTapOffset;
        Weights = weights;
        Bias = bias;
    }

    public override LayerKind Kind => LayerKind.Conv1D;
    public int Taps { get; }
    public int FirstTapOffset { get; }
    /// <summary>Offset of the last tap: how many frames past the output frame the layer reads.</summary>
    public int LastTapOffset => FirstTapOffset + Taps - 1;
    public WeightMatrix Weights { get; }
    public float[] Bias { get; }
    public override long WeightCount => (long)Weights.Rows * Weights.Columns;
}
