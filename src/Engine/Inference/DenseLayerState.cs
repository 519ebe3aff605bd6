namespace PercepNet.Engine.Inference;

/// <summary>Runs a <see cref="DenseLayer"/> on one frame.</summary>
internal sealed class DenseLayerState : LayerState
{
    private readonly DenseLayer layer;

    public DenseLayerState(DenseLayer layer) : base(layer.OutputSize) => this.layer = layer;

    public override int HistoryDepth(int maxDelay) => maxDelay + 1;

    public override void Forward(FrameHistory input, int delay, InferenceKernels kernels)
    {
        kernels.MatVec(layer.Weights, layer.InputSize, input.Frame(delay), layer.Bias, Output);
        kernels.Activate(layer.Activation, Output);
    }
}
