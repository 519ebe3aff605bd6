namespace PercepNet.Engine.Inference;

/// <summary>An int8 matrix with one float scale per row: <c>W[r][c] = Weights[r * Columns + c] * Scales[r]</c>.
/// Row-major and unpadded, exactly as stored in the model file; the kernels handle column tails themselves.</summary>
internal sealed class QuantizedMatrix : WeightMatrix
{
    public QuantizedMatrix(int rows, int columns, sbyte[] weights, float[] scales) : base(rows, columns)
    {
        if (weights.Length != rows * columns || scales.Length != rows)
            throw new ArgumentException($"a {rows}x{columns} matrix needs {rows * columns} weights and {rows} scales");
        Weights = weights;
        Scales = scales;
    }

    public sbyte[] Weights { get; }
    public float[] Scales { get; }

    public override float this[int row, int column] => Weights[row * Columns + column] * Scales[row];
}
