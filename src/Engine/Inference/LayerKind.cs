namespace PercepNet.Engine.Inference;

/// <summary>Layer kinds with their numeric codes in the .pnm file (models/FORMAT.md).</summary>
public enum LayerKind
{
    Conv1D = 1,
    Gru = 2,
    Dense = 3,
    /// <summary>A Dense layer over the outputs of the <c>taps</c> layers before it, side by side in layer order
    /// (RNNoise 0.2's output layer over its convolution's and every GRU's output).</summary>
    DenseOfOutputs = 4,
}
