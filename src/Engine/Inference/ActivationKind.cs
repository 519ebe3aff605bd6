namespace PercepNet.Engine.Inference;

/// <summary>Output nonlinearities with their numeric codes in the .pnm file (models/FORMAT.md).</summary>
public enum ActivationKind
{
    Linear = 0,
    Relu = 1,
    Tanh = 2,
    Sigmoid = 3,
}
