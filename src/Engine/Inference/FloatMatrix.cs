namespace PercepNet.Engine.Inference;

/// <summary>A float32 matrix, <c>W[r][c] = Weights[r * Columns + c]</c>: the unquantised weights of a
/// weightType 2 model (models/FORMAT.md), run to measure what int8 quantisation costs.</summary>
internal sealed class FloatMatrix : WeightMatrix
{
    public FloatMatrix(int rows, int columns, float[] weights) : base(rows, columns)
    {
        if (weights.Length != rows * columns)
            throw new ArgumentException($"a {rows}x{columns} matrix needs {rows * columns} weights");
        Weights = weights;
    }

    public float[] Weights { get; }

    public override float this[int row, int column] => Weights[row * Columns + column];
}
