namespace PercepNet.Engine.Inference;

/// <summary>Runs a <see cref="GruLayer"/> one frame at a time, exactly as PyTorch's <c>nn.GRU</c>:
/// <c>r = σ(W_ir x + b_ir + W_hr h + b_hr)</c>, <c>z = σ(W_iz x + b_iz + W_hz h + b_hz)</c>,
/// <c>n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))</c>, <c>h' = (1 − z) ⊙ n + z ⊙ h</c>.
/// The hidden state is <see cref="LayerState.Output"/>.</summary>
internal sealed class GruLayerState : LayerState
{
    private readonly GruLayer layer;
    private readonly float[] inputGates;
    private readonly float[] recurrentGates;
    private readonly short[] hiddenQ15;

    public GruLayerState(GruLayer layer, bool inputInUnitRange)
        : base(layer.HiddenSize, layer.InputSize, inputInUnitRange)
    {
        hiddenQ15 = new short[layer.HiddenSize];
        this.layer = layer;
        inputGates = new float[3 * layer.HiddenSize];
        recurrentGates = new float[3 * layer.HiddenSize];
    }

    public override int HistoryDepth(int maxDelay) => maxDelay + 1;

    public override void Forward(FrameHistory input, int delay, InferenceKernels kernels)
    {
        int h = layer.HiddenSize;
        var hidden = Output.AsSpan();
        var gi = inputGates.AsSpan();
        var gh = recurrentGates.AsSpan();
        MatVec(kernels, layer.InputWeights, layer.InputSize, input.Frame(delay), layer.InputBias, gi);
        // The hidden state is a convex mix of tanh outputs and its zero start, so it stays in [−1, 1].
        kernels.MatVecUnitRange(layer.RecurrentWeights, h, hidden, hiddenQ15, layer.RecurrentBias, gh);

        // r and z: both gates' pre-activations sum the input and recurrent parts.
        var resetUpdate = gi[..(2 * h)];
        for (int i = 0; i < resetUpdate.Length; i++)
            resetUpdate[i] += gh[i];
        kernels.Sigmoid(resetUpdate);

        // n: the reset gate scales only the recurrent part, bias included (PyTorch, not the original GRU paper).
        var candidate = gi[(2 * h)..];
        var reset = gi[..h];
        var recurrentCandidate = gh[(2 * h)..];
        for (int i = 0; i < h; i++)
            candidate[i] += reset[i] * recurrentCandidate[i];
        kernels.Tanh(candidate);

        var update = gi.Slice(h, h);
        for (int i = 0; i < h; i++)
            hidden[i] = candidate[i] + update[i] * (hidden[i] - candidate[i]);
    }
}
