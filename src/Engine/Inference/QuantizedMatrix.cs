namespace PercepNet.Engine.Inference;

/// <summary>An int8 matrix with one float scale per row: <c>W[r][c] = Weights[r * Columns + c] * Scales[r]</c>.
/// Row-major and unpadded, exactly as stored in the model file; the kernels handle column tails themselves.</summary>
internal sealed class QuantizedMatrix
{
    public QuantizedMatrix(int rows, int columns, sbyte[] weights, float[] scales)
    {
        if (weights.Length != rows * columns || scales.Length != rows)
            throw new ArgumentException($"a {rows}x{columns} matrix needs {rows * columns} weights and {rows} scales");
        Rows = rows;
        Columns = columns;
        Weights = weights;
        Scales = scales;
    }

    public int Rows { get; }
    public int Columns { get; }
    public sbyte[] Weights { get; }
    public float[] Scales { get; }

    public float this[int row, int column] => Weights[row * Columns + column] * Scales[row];
}
