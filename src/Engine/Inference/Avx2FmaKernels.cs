using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PercepNet.Engine.Inference;

/// <summary>AVX2 + FMA path. Four rows share each 8-float load of x; <c>vpmovsxbd</c> widens 8 int8 weights
/// straight from memory to int32, <c>vcvtdq2ps</c> makes them float and one FMA per row accumulates. Four
/// independent accumulators cover the FMA latency; the weights stay int8 in memory, which is what bounds a
/// large model (memory bandwidth), not the arithmetic.</summary>
internal sealed unsafe class Avx2FmaKernels : InferenceKernels
{
    public override KernelPath Path => KernelPath.Avx2Fma;

    public override void MatVec(QuantizedMatrix matrix, int columns, ReadOnlySpan<float> x, ReadOnlySpan<float> bias, Span<float> y)
    {
        int rows = matrix.Rows, stride = matrix.Columns;
        // Slicing checks the caller's buffers once, so the pointer loops below cannot read out of range.
        x = x[..columns];
        bias = bias[..rows];
        y = y[..rows];
        if (columns > stride)
            throw new ArgumentOutOfRangeException(nameof(columns));
        fixed (sbyte* weights = matrix.Weights)
        fixed (float* scales = matrix.Scales, xs = x, b = bias, ys = y)
        {
            int r = 0;
            for (; r + 4 <= rows; r += 4)
            {
                sbyte* w0 = weights + (long)r * stride, w1 = w0 + stride, w2 = w1 + stride, w3 = w2 + stride;
                var acc0 = Vector256<float>.Zero;
                var acc1 = Vector256<float>.Zero;
                var acc2 = Vector256<float>.Zero;
                var acc3 = Vector256<float>.Zero;
                int c = 0;
                for (; c + 8 <= columns; c += 8)
                {
                    var xv = Avx.LoadVector256(xs + c);
                    acc0 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(w0 + c)), xv, acc0);
                    acc1 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(w1 + c)), xv, acc1);
                    acc2 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(w2 + c)), xv, acc2);
                    acc3 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(w3 + c)), xv, acc3);
                }
                // Three horizontal adds leave [Σacc0, Σacc1, Σacc2, Σacc3] split across the two 128-bit halves.
                var pairs = Avx.HorizontalAdd(Avx.HorizontalAdd(acc0, acc1), Avx.HorizontalAdd(acc2, acc3));
                var sums = pairs.GetLower() + pairs.GetUpper();
                if (c < columns)
                {
                    float t0 = 0f, t1 = 0f, t2 = 0f, t3 = 0f;
                    for (; c < columns; c++)
                    {
                        float xc = xs[c];
                        t0 += w0[c] * xc;
                        t1 += w1[c] * xc;
                        t2 += w2[c] * xc;
                        t3 += w3[c] * xc;
                    }
                    sums += Vector128.Create(t0, t1, t2, t3);
                }
                Fma.MultiplyAdd(sums, Sse.LoadVector128(scales + r), Sse.LoadVector128(b + r)).Store(ys + r);
            }
            for (; r < rows; r++)
            {
                sbyte* w = weights + (long)r * stride;
                var acc = Vector256<float>.Zero;
                int c = 0;
                for (; c + 8 <= columns; c += 8)
                    acc = Fma.MultiplyAdd(Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(w + c)), Avx.LoadVector256(xs + c), acc);
                float sum = Vector256.Sum(acc);
                for (; c < columns; c++)
                    sum += w[c] * xs[c];
                ys[r] = sum * scales[r] + b[r];
            }
        }
    }

    public override void Tanh(Span<float> values)
    {
        fixed (float* v = values)
        {
            int i = 0;
            for (; i + 8 <= values.Length; i += 8)
                RationalTanh.Tanh(Avx.LoadVector256(v + i)).Store(v + i);
            for (; i < values.Length; i++)
                v[i] = RationalTanh.Tanh(v[i]);
        }
    }

    public override void Sigmoid(Span<float> values)
    {
        fixed (float* v = values)
        {
            int i = 0;
            for (; i + 8 <= values.Length; i += 8)
                RationalTanh.Sigmoid(Avx.LoadVector256(v + i)).Store(v + i);
            for (; i < values.Length; i++)
                v[i] = RationalTanh.Sigmoid(v[i]);
        }
    }
}
