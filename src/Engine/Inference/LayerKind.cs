namespace PercepNet.Engine.Inference;

/// <summary>Layer kinds with their numeric codes in the .pnm file (models/FORMAT.md).</summary>
public enum LayerKind
{
    Conv1D = 1,
    Gru = 2,
    Dense = 3,
}
