namespace PercepNet.Engine.Inference;

/// <summary>Per-stream state and scratch of one <see cref="ModelLayer"/>, all allocated at construction.</summary>
internal abstract class LayerState
{
    protected LayerState(int outputSize) => Output = new float[outputSize];

    /// <summary>The layer's output for the frame computed by the last <see cref="Forward"/>.</summary>
    public float[] Output { get; }

    /// <summary>Computes the output for the frame <paramref name="delay"/> frames before the newest frame in
    /// <paramref name="input"/> (the lookahead for the first layer, 0 after it).</summary>
    public abstract void Forward(FrameHistory input, int delay, InferenceKernels kernels);

    /// <summary>Frames of input history this layer reads when run with delays up to <paramref name="maxDelay"/>.</summary>
    public abstract int HistoryDepth(int maxDelay);

    public virtual void Reset() => Array.Clear(Output);

    public static LayerState Create(ModelLayer layer) => layer switch
    {
        ConvLayer conv => new ConvLayerState(conv),
        GruLayer gru => new GruLayerState(gru),
        DenseLayer dense => new DenseLayerState(dense),
        _ => throw new ArgumentException($"unknown layer {layer.Kind}"),
    };
}
