namespace PercepNet.Engine.Inference;

/// <summary>A row-major, unpadded weight matrix exactly as stored in the model file. Layers hold this base type;
/// <see cref="InferenceKernels"/> dispatches on the concrete element type (<see cref="QuantizedMatrix"/> or
/// <see cref="FloatMatrix"/>).</summary>
internal abstract class WeightMatrix
{
    protected WeightMatrix(int rows, int columns)
    {
        Rows = rows;
        Columns = columns;
    }

    public int Rows { get; }
    public int Columns { get; }

    /// <summary>The weight's real value <c>W[row][column]</c>.</summary>
    public abstract float this[int row, int column] { get; }
}
