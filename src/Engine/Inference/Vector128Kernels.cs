using System.Runtime.Intrinsics;

namespace PercepNet.Engine.Inference;

/// <summary>Portable 128-bit path written only with <see cref="Vector128"/> APIs, so the same code runs on SSE
/// and on ARM64 AdvSimd. int8 weights are widened to int16, int32, then float, 16 columns per step; float weights
/// are loaded directly, with the same four accumulators.</summary>
internal sealed unsafe class Vector128Kernels : InferenceKernels
{
    public override KernelPath Path => KernelPath.Vector128;

    public override void MatVec(QuantizedMatrix matrix, int columns, ReadOnlySpan<float> x, ReadOnlySpan<float> bias, Span<float> y)
    {
        int rows = matrix.Rows, stride = matrix.Columns;
        FitShape(matrix, columns, ref x, ref bias, ref y);
        fixed (sbyte* weights = matrix.Weights)
        fixed (float* scales = matrix.Scales, xs = x, b = bias, ys = y)
        {
            for (int r = 0; r < rows; r++)
            {
                sbyte* row = weights + (long)r * stride;
                var acc0 = Vector128<float>.Zero;
                var acc1 = Vector128<float>.Zero;
                var acc2 = Vector128<float>.Zero;
                var acc3 = Vector128<float>.Zero;
                int c = 0;
                for (; c + 16 <= columns; c += 16)
                {
                    var (low16, high16) = Vector128.Widen(Vector128.Load(row + c));
                    var (w0, w1) = Vector128.Widen(low16);
                    var (w2, w3) = Vector128.Widen(high16);
                    acc0 = Vector128.MultiplyAddEstimate(Vector128.ConvertToSingle(w0), Vector128.Load(xs + c), acc0);
                    acc1 = Vector128.MultiplyAddEstimate(Vector128.ConvertToSingle(w1), Vector128.Load(xs + c + 4), acc1);
                    acc2 = Vector128.MultiplyAddEstimate(Vector128.ConvertToSingle(w2), Vector128.Load(xs + c + 8), acc2);
                    acc3 = Vector128.MultiplyAddEstimate(Vector128.ConvertToSingle(w3), Vector128.Load(xs + c + 12), acc3);
                }
                float sum = Vector128.Sum((acc0 + acc1) + (acc2 + acc3));
                for (; c < columns; c++)
                    sum += row[c] * xs[c];
                ys[r] = sum * scales[r] + b[r];
            }
        }
    }

    public override void MatVec(FloatMatrix matrix, int columns, ReadOnlySpan<float> x, ReadOnlySpan<float> bias, Span<float> y)
    {
        int rows = matrix.Rows, stride = matrix.Columns;
        FitShape(matrix, columns, ref x, ref bias, ref y);
        fixed (float* weights = matrix.Weights, xs = x, b = bias, ys = y)
        {
            for (int r = 0; r < rows; r++)
            {
                float* row = weights + (long)r * stride;
                var acc0 = Vector128<float>.Zero;
                var acc1 = Vector128<float>.Zero;
                var acc2 = Vector128<float>.Zero;
                var acc3 = Vector128<float>.Zero;
                int c = 0;
                for (; c + 16 <= columns; c += 16)
                {
                    acc0 = Vector128.MultiplyAddEstimate(Vector128.Load(row + c), Vector128.Load(xs + c), acc0);
                    acc1 = Vector128.MultiplyAddEstimate(Vector128.Load(row + c + 4), Vector128.Load(xs + c + 4), acc1);
                    acc2 = Vector128.MultiplyAddEstimate(Vector128.Load(row + c + 8), Vector128.Load(xs + c + 8), acc2);
                    acc3 = Vector128.MultiplyAddEstimate(Vector128.Load(row + c + 12), Vector128.Load(xs + c + 12), acc3);
                }
                float sum = Vector128.Sum((acc0 + acc1) + (acc2 + acc3));
                for (; c < columns; c++)
                    sum += row[c] * xs[c];
                ys[r] = sum + b[r];
            }
        }
    }

    public override void Tanh(Span<float> values)
    {
        fixed (float* v = values)
        {
            int i = 0;
            for (; i + 4 <= values.Length; i += 4)
                RationalTanh.Tanh(Vector128.Load(v + i)).Store(v + i);
            for (; i < values.Length; i++)
                v[i] = RationalTanh.Tanh(v[i]);
        }
    }

    public override void Sigmoid(Span<float> values)
    {
        fixed (float* v = values)
        {
            int i = 0;
            for (; i + 4 <= values.Length; i += 4)
                RationalTanh.Sigmoid(Vector128.Load(v + i)).Store(v + i);
            for (; i < values.Length; i++)
                v[i] = RationalTanh.Sigmoid(v[i]);
        }
    }
}
