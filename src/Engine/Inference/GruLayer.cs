namespace PercepNet.Engine.Inference;

/// <summary>PyTorch <c>nn.GRU</c> layer (gate order r, z, n; r multiplies <c>W_hn h + b_hn</c>).
/// Each matrix holds the three gates stacked: rows <c>[0,H)</c> r, <c>[H,2H)</c> z, <c>[2H,3H)</c> n.</summary>
internal sealed class GruLayer : ModelLayer
{
    public GruLayer(WeightMatrix inputWeights, WeightMatrix recurrentWeights, float[] inputBias, float[] recurrentBias)
        : base(ActivationKind.Tanh, inputWeights.Columns, recurrentWeights.Columns)
    {
        InputWeights = inputWeights;
        RecurrentWeights = recurrentWeights;
        InputBias = inputBias;
        RecurrentBias = recurrentBias;
    }

    public override LayerKind Kind => LayerKind.Gru;
    public WeightMatrix InputWeights { get; }
    public WeightMatrix RecurrentWeights { get; }
    public float[] InputBias { get; }
    public float[] RecurrentBias { get; }
    public int HiddenSize => OutputSize;
    public override long WeightCount =>
        (long)InputWeights.Rows * InputWeights.Columns + (long)RecurrentWeights.Rows * RecurrentWeights.Columns;
}
