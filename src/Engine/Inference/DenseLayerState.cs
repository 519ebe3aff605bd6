namespace PercepNet.Engine.Inference;

/// <summary>Runs a <see cref="DenseLayer"/> on one frame.</summary>
internal sealed class DenseLayerState : LayerState
{
    private readonly DenseLayer layer;

    public DenseLayerState(DenseLayer layer, bool inputInUnitRange)
        : base(layer.OutputSize, layer.InputSize, inputInUnitRange) => this.layer = layer;

    public override int HistoryDepth(int maxDelay) => maxDelay + 1;

    public override void Forward(FrameHistory input, int delay, InferenceKernels kernels)
    {
        MatVec(kernels, layer.Weights, layer.InputSize, input.Frame(delay), layer.Bias, Output);
        kernels.Activate(layer.Activation, Output);
    }
}
