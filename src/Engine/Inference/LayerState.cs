namespace PercepNet.Engine.Inference;

/// <summary>Per-stream state and scratch of one <see cref="ModelLayer"/>, all allocated at construction.</summary>
internal abstract class LayerState
{
    private readonly bool inputInUnitRange;
    private readonly short[] q15Scratch;

    /// <param name="inputInUnitRange">the layer input is known to lie in [−1, 1], so kernels may use Q15 products</param>
    protected LayerState(int outputSize, int inputColumns, bool inputInUnitRange)
    {
        Output = new float[outputSize];
        this.inputInUnitRange = inputInUnitRange;
        q15Scratch = new short[inputColumns];
    }

    /// <summary>The layer's output for the frame computed by the last <see cref="Forward"/>.</summary>
    public float[] Output { get; }

    /// <summary>Computes the output for the frame <paramref name="delay"/> frames before the newest frame in
    /// <paramref name="input"/> (the lookahead for the first layer, 0 after it).</summary>
    public abstract void Forward(FrameHistory input, int delay, InferenceKernels kernels);

    /// <summary>Frames of input history this layer reads when run with delays up to <paramref name="maxDelay"/>.</summary>
    public abstract int HistoryDepth(int maxDelay);

    public virtual void Reset() => Array.Clear(Output);

    /// <summary>A product with this layer's input vector: Q15-capable when that input is bounded to [−1, 1].</summary>
    protected void MatVec(InferenceKernels kernels, WeightMatrix matrix, int columns, ReadOnlySpan<float> x,
        ReadOnlySpan<float> bias, Span<float> y)
    {
        if (inputInUnitRange)
            kernels.MatVecUnitRange(matrix, columns, x, q15Scratch, bias, y);
        else
            kernels.MatVec(matrix, columns, x, bias, y);
    }

    /// <summary>Creates the state of layer <paramref name="index"/> of <paramref name="layers"/>, whose input is the
    /// output of the <see cref="ModelLayer.InputLayers"/> layers before it (layer 0: the normalised features, which
    /// have no bound).</summary>
    public static LayerState Create(IReadOnlyList<ModelLayer> layers, int index)
    {
        var layer = layers[index];
        // tanh, sigmoid and GRU states (convex mixes of tanh outputs) never leave [−1, 1].
        bool unitRange = index > 0;
        for (int j = index - layer.InputLayers; j < index && j >= 0; j++)
            unitRange &= layers[j] is GruLayer || layers[j].Activation is ActivationKind.Tanh or ActivationKind.Sigmoid;
        return layer switch
        {
            ConvLayer conv => new ConvLayerState(conv, unitRange),
            GruLayer gru => new GruLayerState(gru, unitRange),
            DenseLayer dense => new DenseLayerState(dense, unitRange),
            _ => throw new ArgumentException($"unknown layer {layer.Kind}"),
        };
    }
}
