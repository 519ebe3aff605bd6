namespace PercepNet.Engine.Inference;

/// <summary>Plain loops: the reference every SIMD path is tested against, and the fallback on any CPU.</summary>
internal sealed class ScalarKernels : InferenceKernels
{
    public override KernelPath Path => KernelPath.Scalar;

    public override void MatVec(QuantizedMatrix matrix, int columns, ReadOnlySpan<float> x, ReadOnlySpan<float> bias, Span<float> y)
    {
        var weights = matrix.Weights.AsSpan();
        x = x[..columns];
        for (int r = 0; r < matrix.Rows; r++)
        {
            var row = weights.Slice(r * matrix.Columns, columns);
            float sum = 0f;
            for (int c = 0; c < row.Length; c++)
                sum += row[c] * x[c];
            y[r] = sum * matrix.Scales[r] + bias[r];
        }
    }

    public override void MatVec(FloatMatrix matrix, int columns, ReadOnlySpan<float> x, ReadOnlySpan<float> bias, Span<float> y)
    {
        var weights = matrix.Weights.AsSpan();
        x = x[..columns];
        for (int r = 0; r < matrix.Rows; r++)
        {
            var row = weights.Slice(r * matrix.Columns, columns);
            float sum = 0f;
            for (int c = 0; c < row.Length; c++)
                sum += row[c] * x[c];
            y[r] = sum + bias[r];
        }
    }

    public override void Tanh(Span<float> values)
    {
        foreach (ref float v in values)
            v = RationalTanh.Tanh(v);
    }

    public override void Sigmoid(Span<float> values)
    {
        foreach (ref float v in values)
            v = RationalTanh.Sigmoid(v);
    }
}
