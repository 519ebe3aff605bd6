namespace PercepNet.Engine.Inference;

/// <summary>One validated layer of a <see cref="PercepNetModel"/>; immutable and shared by all streams.</summary>
internal abstract class ModelLayer
{
    protected ModelLayer(ActivationKind activation, int inputSize, int outputSize)
    {
        Activation = activation;
        InputSize = inputSize;
        OutputSize = outputSize;
    }

    public abstract LayerKind Kind { get; }
    public ActivationKind Activation { get; }
    public int InputSize { get; }
    public int OutputSize { get; }
    /// <summary>How many layers before this one its input joins (1: the previous layer's output alone).</summary>
    public virtual int InputLayers => 1;
    public abstract long WeightCount { get; }
}
