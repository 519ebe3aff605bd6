using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PercepNet.Engine.Inference;

/// <summary>AVX2 + FMA path. Float products: four rows share each 8-float load of x; <c>vpmovsxbd</c> widens 8 int8
/// weights straight from memory to int32, <c>vcvtdq2ps</c> makes them float and one FMA per row accumulates, four
/// independent accumulators covering the FMA latency. Inputs bounded to [−1, 1] take the Q15 integer product
/// instead (<see cref="MatVecUnitRange"/>). The weights stay int8 in memory and are prefetched one row block
/// ahead, since streaming them is what bounds a large model. Float weights (evaluation models) take a plain one-row
/// FMA product. <see cref="Avx512Kernels"/> derives from it for those float-weight products and the activations.</summary>
internal unsafe class Avx2FmaKernels : InferenceKernels
{
    public override KernelPath Path => KernelPath.Avx2Fma;

    public override void MatVec(QuantizedMatrix matrix, int columns, ReadOnlySpan<float> x, ReadOnlySpan<float> bias, Span<float> y)
    {
        int rows = matrix.Rows, stride = matrix.Columns;
        FitShape(matrix, columns, ref x, ref bias, ref y);
        fixed (sbyte* weights = matrix.Weights)
        fixed (float* scales = matrix.Scales, xs = x, b = bias, ys = y)
        {
            int r = 0;
            for (; r + 4 <= rows; r += 4)
            {
                sbyte* w0 = weights + (long)r * stride, w1 = w0 + stride, w2 = w1 + stride, w3 = w2 + stride;
                sbyte* n0 = w3 + stride, n1 = n0 + stride, n2 = n1 + stride, n3 = n2 + stride;
                var acc0 = Vector256<float>.Zero;
                var acc1 = Vector256<float>.Zero;
                var acc2 = Vector256<float>.Zero;
                var acc3 = Vector256<float>.Zero;
                int c = 0;
                for (; c + 8 <= columns; c += 8)
                {
                    if ((c & 63) == 0)
                        Prefetch(n0, n1, n2, n3, c);
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
                    sums += FloatColumnTail(w0, w1, w2, w3, xs, c, columns);
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

    public override void MatVec(FloatMatrix matrix, int columns, ReadOnlySpan<float> x, ReadOnlySpan<float> bias, Span<float> y)
    {
        int rows = matrix.Rows, stride = matrix.Columns;
        FitShape(matrix, columns, ref x, ref bias, ref y);
        fixed (float* weights = matrix.Weights, xs = x, b = bias, ys = y)
        {
            for (int r = 0; r < rows; r++)
            {
                float* row = weights + (long)r * stride;
                var acc0 = Vector256<float>.Zero;
                var acc1 = Vector256<float>.Zero;
                int c = 0;
                for (; c + 16 <= columns; c += 16)
                {
                    acc0 = Fma.MultiplyAdd(Avx.LoadVector256(row + c), Avx.LoadVector256(xs + c), acc0);
                    acc1 = Fma.MultiplyAdd(Avx.LoadVector256(row + c + 8), Avx.LoadVector256(xs + c + 8), acc1);
                }
                if (c + 8 <= columns)
                {
                    acc0 = Fma.MultiplyAdd(Avx.LoadVector256(row + c), Avx.LoadVector256(xs + c), acc0);
                    c += 8;
                }
                float sum = Vector256.Sum(acc0 + acc1);
                for (; c < columns; c++)
                    sum += row[c] * xs[c];
                ys[r] = sum + b[r];
            }
        }
    }

    /// <summary>Q15 product: <c>vpmovsxbw</c> widens 16 int8 weights to int16 in one step and <c>vpmaddwd</c>
    /// multiplies them with 16 Q15 inputs and adds pairs into 8 exact int32 sums: half the instructions of the float
    /// product per weight. int32 lanes cannot overflow within a block of <see cref="Q15BlockColumns"/> columns
    /// (258 × 2 × 127 × 32767 &lt; 2^31); each block's sums then move to float accumulators.</summary>
    public override void MatVecUnitRange(QuantizedMatrix matrix, int columns, ReadOnlySpan<float> x, Span<short> q15Scratch,
        ReadOnlySpan<float> bias, Span<float> y)
    {
        int rows = matrix.Rows, stride = matrix.Columns;
        FitShape(matrix, columns, ref x, ref bias, ref y);
        var q = q15Scratch[..columns];
        var toUnit = Vector128.Create(1f / Q15One);
        fixed (sbyte* weights = matrix.Weights)
        fixed (short* qs = q)
        fixed (float* xs = x, scales = matrix.Scales, b = bias, ys = y)
        {
            QuantiseQ15(xs, qs, columns);
            int r = 0;
            for (; r + 4 <= rows; r += 4)
            {
                sbyte* w0 = weights + (long)r * stride, w1 = w0 + stride, w2 = w1 + stride, w3 = w2 + stride;
                // The next block's rows, computed once per block. A prefetch past the matrix end never faults.
                sbyte* n0 = w3 + stride, n1 = n0 + stride, n2 = n1 + stride, n3 = n2 + stride;
                var f0 = Vector256<float>.Zero;
                var f1 = Vector256<float>.Zero;
                var f2 = Vector256<float>.Zero;
                var f3 = Vector256<float>.Zero;
                int c = 0;
                while (c + 16 <= columns)
                {
                    int blockEnd = Math.Min(columns, c + Q15BlockColumns);
                    var a0 = Vector256<int>.Zero;
                    var a1 = Vector256<int>.Zero;
                    var a2 = Vector256<int>.Zero;
                    var a3 = Vector256<int>.Zero;
                    // 64 columns (one cache line per row) per step: c stays a multiple of 64 here, so the prefetch
                    // needs no test. The int32 sums are exact, so the unrolling leaves every block sum unchanged.
                    for (; c + 64 <= blockEnd; c += 64)
                    {
                        Prefetch(n0, n1, n2, n3, c);
                        Q15Step(w0, w1, w2, w3, qs, c, ref a0, ref a1, ref a2, ref a3);
                        Q15Step(w0, w1, w2, w3, qs, c + 16, ref a0, ref a1, ref a2, ref a3);
                        Q15Step(w0, w1, w2, w3, qs, c + 32, ref a0, ref a1, ref a2, ref a3);
                        Q15Step(w0, w1, w2, w3, qs, c + 48, ref a0, ref a1, ref a2, ref a3);
                    }
                    if (c + 16 <= blockEnd)
                        Prefetch(n0, n1, n2, n3, c);
                    for (; c + 16 <= blockEnd; c += 16)
                        Q15Step(w0, w1, w2, w3, qs, c, ref a0, ref a1, ref a2, ref a3);
                    f0 += Avx.ConvertToVector256Single(a0);
                    f1 += Avx.ConvertToVector256Single(a1);
                    f2 += Avx.ConvertToVector256Single(a2);
                    f3 += Avx.ConvertToVector256Single(a3);
                }
                var pairs = Avx.HorizontalAdd(Avx.HorizontalAdd(f0, f1), Avx.HorizontalAdd(f2, f3));
                var sums = pairs.GetLower() + pairs.GetUpper();
                if (c < columns)
                    sums += Q15ColumnTail(w0, w1, w2, w3, qs, c, columns);
                Fma.MultiplyAdd(sums * toUnit, Sse.LoadVector128(scales + r), Sse.LoadVector128(b + r)).Store(ys + r);
            }
            Q15RowTail(weights, stride, qs, columns, scales, b, ys, r, rows);
        }
    }

    /// <summary>Sixteen columns of four rows: <c>vpmovsxbw</c> from memory, <c>vpmaddwd</c>, <c>vpaddd</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Q15Step(sbyte* w0, sbyte* w1, sbyte* w2, sbyte* w3, short* qs, int c,
        ref Vector256<int> a0, ref Vector256<int> a1, ref Vector256<int> a2, ref Vector256<int> a3)
    {
        var xv = Avx.LoadVector256(qs + c);
        a0 = Avx2.Add(a0, Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(w0 + c), xv));
        a1 = Avx2.Add(a1, Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(w1 + c), xv));
        a2 = Avx2.Add(a2, Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(w2 + c), xv));
        a3 = Avx2.Add(a3, Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(w3 + c), xv));
    }

    /// <summary>Requests the cache line at <paramref name="column"/> of each of the next row block's four rows.
    /// Weights stream from memory once per hop; measured on the 8 M model this cut a hop from 1.5 ms to 0.56 ms, as
    /// the hardware prefetcher alone does not keep four interleaved row streams ahead.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected static void Prefetch(sbyte* n0, sbyte* n1, sbyte* n2, sbyte* n3, int column)
    {
        Sse.Prefetch0(n0 + column);
        Sse.Prefetch0(n1 + column);
        Sse.Prefetch0(n2 + column);
        Sse.Prefetch0(n3 + column);
    }

    /// <summary><c>q[c] = round(clamp(x[c], −1, 1) · 32767)</c>, 16 at a time, the same values as the scalar
    /// tail: <c>vcvtps2dq</c> rounds to nearest even under the default mode like <see cref="MathF.Round(float)"/>.
    /// AVX2 has no truncating <c>vpmovdw</c>; masking each int32 to its low 16 bits and packing with unsigned
    /// saturation (exact for 0..65535) keeps those bits, so a NaN (0x80000000 after the conversion) becomes 0 as
    /// the scalar <c>(short)NaN</c>, where the signed-saturating <c>vpackssdw</c> would give −32768.</summary>
    private static void QuantiseQ15(float* x, short* q, int count)
    {
        var low = Vector256.Create(-1f);
        var high = Vector256.Create(1f);
        var one = Vector256.Create(Q15One);
        var lowBits = Vector256.Create(0xFFFF);
        int c = 0;
        for (; c + 16 <= count; c += 16)
        {
            // The operand order keeps a NaN as NaN through the clamp (maxps/minps return the second operand).
            var i0 = Avx.ConvertToVector256Int32(Avx.Min(high, Avx.Max(low, Avx.LoadVector256(x + c))) * one);
            var i1 = Avx.ConvertToVector256Int32(Avx.Min(high, Avx.Max(low, Avx.LoadVector256(x + c + 8))) * one);
            // vpackusdw interleaves the 128-bit halves; vpermq 0xD8 puts them back in column order.
            var packed = Avx2.PackUnsignedSaturate(Avx2.And(i0, lowBits), Avx2.And(i1, lowBits));
            Avx2.Permute4x64(packed.AsInt64(), 0xD8).AsInt16().Store(q + c);
        }
        for (; c < count; c++)
            q[c] = (short)MathF.Round(Math.Clamp(x[c], -1f, 1f) * Q15One);
    }

    /// <summary>The last <c>columns − c</c> columns of four rows of the float-input product, one column at a time.</summary>
    protected static Vector128<float> FloatColumnTail(sbyte* w0, sbyte* w1, sbyte* w2, sbyte* w3, float* xs, int c, int columns)
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
        return Vector128.Create(t0, t1, t2, t3);
    }

    /// <summary>The last <c>columns − c</c> (&lt; 16) columns of four rows, in exact int32.</summary>
    protected static Vector128<float> Q15ColumnTail(sbyte* w0, sbyte* w1, sbyte* w2, sbyte* w3, short* qs, int c, int columns)
    {
        int t0 = 0, t1 = 0, t2 = 0, t3 = 0;
        for (; c < columns; c++)
        {
            int xc = qs[c];
            t0 += w0[c] * xc;
            t1 += w1[c] * xc;
            t2 += w2[c] * xc;
            t3 += w3[c] * xc;
        }
        return Vector128.ConvertToSingle(Vector128.Create(t0, t1, t2, t3));
    }

    /// <summary>Rows <paramref name="r"/>..<paramref name="rows"/> − 1 left over after the blocks of four.</summary>
    protected static void Q15RowTail(sbyte* weights, int stride, short* qs, int columns, float* scales, float* b, float* ys, int r, int rows)
    {
        for (; r < rows; r++)
        {
            sbyte* w = weights + (long)r * stride;
            long sum = 0;
            for (int c = 0; c < columns; c++)
                sum += w[c] * qs[c];
            ys[r] = sum / Q15One * scales[r] + b[r];
        }
    }

    protected const float Q15One = 32767f;
    private const int Q15BlockColumns = 4096;

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
