namespace PercepNet.Engine.Inference;

/// <summary>Per-stream state of one <see cref="PercepNetModel"/>: feature normalisation, the input history for the
/// first convolution, every layer's state and the kernels chosen once at construction. <see cref="Step"/> runs
/// one 10 ms frame without allocating, locking or logging.</summary>
public sealed class GainNetwork
{
    /// <summary>The largest lookahead <see cref="Step"/> accepts (docs/DESIGN.md §2: 0, 1 or 2 frames).</summary>
    public const int MaxLookahead = ModelFileParser.MaxLookahead;

    // Anything smaller is flushed to zero: subnormal floats are slow on x86 and carry no information here.
    private const float FlushBelow = 1e-30f;

    private readonly PercepNetModel model;
    private readonly InferenceKernels kernels;
    private readonly LayerState[] layers;
    /// <summary>histories[k] holds the input frames of layer k: normalised features for k = 0, the output of
    /// layer k − 1 after it.</summary>
    private readonly FrameHistory[] histories;
    private readonly float[] normalised;
    /// <summary>joinedInputs[k]: the input vector of a layer that reads several layers' outputs, else null.</summary>
    private readonly float[]?[] joinedInputs;
    private int framesSinceReset;

    public GainNetwork(PercepNetModel model) : this(model, InferenceKernels.Best) { }

    /// <summary>Runs on a forced kernel path (tests, benchmarks); throws if this CPU lacks it.</summary>
    public GainNetwork(PercepNetModel model, KernelPath path)
    {
        this.model = model;
        kernels = InferenceKernels.For(path);
        layers = model.Layers.Select((_, k) => LayerState.Create(model.Layers, k)).ToArray();
        joinedInputs = model.Layers.Select(layer => layer.InputLayers > 1 ? new float[layer.InputSize] : null).ToArray();
        histories = new FrameHistory[layers.Length];
        for (int k = 0; k < layers.Length; k++)
        {
            int maxDelay = k == 0 ? MaxLookahead : 0;
            histories[k] = new FrameHistory(model.Layers[k].InputSize, layers[k].HistoryDepth(maxDelay));
        }
        normalised = new float[model.FeatureCount];
    }

    public KernelPath KernelPath => kernels.Path;
    public PercepNetModel Model => model;

    /// <summary>Forgets the stream: histories and recurrent state back to zeros. Call it when the lookahead changes.</summary>
    public void Reset()
    {
        foreach (var history in histories)
            history.Clear();
        foreach (var layer in layers)
            layer.Reset();
        framesSinceReset = 0;
    }

    /// <summary>Pushes the raw features of the newest frame and writes the gains g_b and strengths r_b of the frame
    /// <paramref name="lookahead"/> frames older. Until that frame exists (the first <paramref name="lookahead"/>
    /// steps after a reset) it writes the neutral g = 1, r = 0. Non-finite features count as the training mean;
    /// if the state still turns non-finite it is reset, so NaN never survives a step.</summary>
    public void Step(ReadOnlySpan<float> rawFeatures, int lookahead, Span<float> gains, Span<float> strengths)
    {
        int bands = model.BandCount;
        if (rawFeatures.Length != model.FeatureCount || gains.Length != bands || strengths.Length != bands)
            throw new ArgumentException($"Step needs {model.FeatureCount} features and {bands} gains and strengths.");
        if ((uint)lookahead > MaxLookahead)
            throw new ArgumentOutOfRangeException(nameof(lookahead), $"lookahead must be 0..{MaxLookahead}");

        Normalise(rawFeatures);
        histories[0].Push(normalised);
        if (framesSinceReset < int.MaxValue)
            framesSinceReset++;
        if (framesSinceReset <= lookahead)
        {
            WriteNeutral(gains, strengths);
            return;
        }

        bool finite = true;
        for (int k = 0; k < layers.Length; k++)
        {
            layers[k].Forward(histories[k], k == 0 ? lookahead : 0, kernels);
            finite &= FlushAndCheckFinite(layers[k].Output);
            if (k + 1 < layers.Length)
                PushInput(k + 1);
        }
        if (!finite)
        {
            Reset();
            WriteNeutral(gains, strengths);
            return;
        }

        var output = layers[^1].Output.AsSpan();
        output[..bands].CopyTo(gains);
        output[bands..].CopyTo(strengths);
    }

    /// <summary>Pushes layer <paramref name="k"/>'s input for this frame: the previous layer's output, or the outputs
    /// of the layers it joins, side by side in layer order (models/FORMAT.md, Dense of outputs).</summary>
    private void PushInput(int k)
    {
        if (joinedInputs[k] is not { } joined)
        {
            histories[k].Push(layers[k - 1].Output);
            return;
        }
        int at = 0;
        for (int j = k - model.Layers[k].InputLayers; j < k; j++)
        {
            layers[j].Output.CopyTo(joined, at);
            at += layers[j].Output.Length;
        }
        histories[k].Push(joined);
    }

    private void Normalise(ReadOnlySpan<float> raw)
    {
        var mean = model.FeatureMean;
        var invStd = model.FeatureInvStd;
        for (int i = 0; i < normalised.Length; i++)
        {
            float x = (raw[i] - mean[i]) * invStd[i];
            // NaN/Inf (or an overflow) becomes 0, the normalised training mean, before it reaches any state.
            normalised[i] = float.IsFinite(x) && MathF.Abs(x) >= FlushBelow ? x : 0f;
        }
    }

    private static bool FlushAndCheckFinite(Span<float> values)
    {
        bool finite = true;
        foreach (ref float v in values)
        {
            finite &= float.IsFinite(v);
            if (MathF.Abs(v) < FlushBelow)
                v = 0f;
        }
        return finite;
    }

    private static void WriteNeutral(Span<float> gains, Span<float> strengths)
    {
        gains.Fill(1f);
        strengths.Clear();
    }
}
