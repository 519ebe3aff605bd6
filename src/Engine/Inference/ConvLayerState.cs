namespace PercepNet.Engine.Inference;

/// <summary>Runs a <see cref="ConvLayer"/> over the history of its input frames. Tap j reads the frame
/// <c>delay − FirstTapOffset − j</c> frames before the newest; taps that would need a frame not yet arrived
/// (<c>FirstTapOffset + j &gt; delay</c>) are skipped, which is the lookahead masking the model was trained with
/// (models/FORMAT.md). They are the last taps, so the kernel just uses a prefix of the weight columns.</summary>
internal sealed class ConvLayerState : LayerState
{
    private readonly ConvLayer layer;

    public ConvLayerState(ConvLayer layer, bool inputInUnitRange)
        : base(layer.OutputSize, layer.Weights.Columns, inputInUnitRange) => this.layer = layer;

    public override int HistoryDepth(int maxDelay) => Math.Max(1, maxDelay - layer.FirstTapOffset + 1);

    public override void Forward(FrameHistory input, int delay, InferenceKernels kernels)
    {
        int oldestAge = delay - layer.FirstTapOffset;
        int usedTaps = Math.Min(layer.Taps, oldestAge + 1);
        if (usedTaps <= 0)
            layer.Bias.CopyTo(Output, 0);
        else
            MatVec(kernels, layer.Weights, usedTaps * layer.InputSize, input.Window(oldestAge, usedTaps), layer.Bias, Output);
        kernels.Activate(layer.Activation, Output);
    }
}
