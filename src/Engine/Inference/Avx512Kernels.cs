using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PercepNet.Engine.Inference;

/// <summary>AVX-512 (F + BW) path: the int8 products of <see cref="Avx2FmaKernels"/> on 512-bit registers. The Q15
/// product widens 32 weights per <c>vpmovsxbw</c> and sums 32 columns per <c>vpmaddwd</c>, half the instructions
/// per weight of the AVX2 loop, and quantises its input 16 floats at a time (<c>vcvtps2dq</c> rounds to nearest
/// even like <see cref="MathF.Round(float)"/>, so the Q15 inputs are those of the other paths). Zen 4 runs
/// 512-bit operations on 256-bit units, so the gain is in instructions issued, not arithmetic width: 13 % less
/// time per hop on the shipped model (bench/README.md); 8-row blocks and a prefetch two blocks ahead measured no
/// better.
/// Float-weight products and the activations are small and stay the inherited AVX2 ones. .NET 10 exposes no
/// AVX512-VNNI (<c>vpdpwssd</c>), so multiply-add and accumulate remain two instructions.</summary>
internal sealed unsafe class Avx512Kernels : Avx2FmaKernels
{
    public override KernelPath Path => KernelPath.Avx512;

    /// <summary>The AVX2 float product 16 columns per step: <c>vpmovsxbd</c>, <c>vcvtdq2ps</c> and one FMA per row.</summary>
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
                // A prefetch past the matrix end is harmless: it never faults.
                sbyte* n0 = w3 + stride, n1 = n0 + stride, n2 = n1 + stride, n3 = n2 + stride;
                var acc0 = Vector512<float>.Zero;
                var acc1 = Vector512<float>.Zero;
                var acc2 = Vector512<float>.Zero;
                var acc3 = Vector512<float>.Zero;
                int c = 0;
                for (; c + 16 <= columns; c += 16)
                {
                    if ((c & 63) == 0)
                        Prefetch(n0, n1, n2, n3, c);
                    var xv = Avx512F.LoadVector512(xs + c);
                    acc0 = Avx512F.FusedMultiplyAdd(Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(Sse2.LoadVector128(w0 + c))), xv, acc0);
                    acc1 = Avx512F.FusedMultiplyAdd(Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(Sse2.LoadVector128(w1 + c))), xv, acc1);
                    acc2 = Avx512F.FusedMultiplyAdd(Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(Sse2.LoadVector128(w2 + c))), xv, acc2);
                    acc3 = Avx512F.FusedMultiplyAdd(Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(Sse2.LoadVector128(w3 + c))), xv, acc3);
                }
                if (c + 8 <= columns)
                {
                    var xv = Avx.LoadVector256(xs + c);
                    acc0 += Avx.Multiply(Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(w0 + c)), xv).ToVector512();
                    acc1 += Avx.Multiply(Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(w1 + c)), xv).ToVector512();
                    acc2 += Avx.Multiply(Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(w2 + c)), xv).ToVector512();
                    acc3 += Avx.Multiply(Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(w3 + c)), xv).ToVector512();
                    c += 8;
                }
                var sums = SumFour(acc0, acc1, acc2, acc3);
                if (c < columns)
                    sums += FloatColumnTail(w0, w1, w2, w3, xs, c, columns);
                Fma.MultiplyAdd(sums, Sse.LoadVector128(scales + r), Sse.LoadVector128(b + r)).Store(ys + r);
            }
            for (; r < rows; r++)
            {
                sbyte* w = weights + (long)r * stride;
                var acc = Vector512<float>.Zero;
                int c = 0;
                for (; c + 16 <= columns; c += 16)
                    acc = Avx512F.FusedMultiplyAdd(Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(Sse2.LoadVector128(w + c))), Avx512F.LoadVector512(xs + c), acc);
                float sum = Vector512.Sum(acc);
                for (; c < columns; c++)
                    sum += w[c] * xs[c];
                ys[r] = sum * scales[r] + b[r];
            }
        }
    }

    /// <summary>Q15 product as in <see cref="Avx2FmaKernels"/>, 64 columns per row and step. A zmm lane takes two
    /// products per 32 columns, so an int32 block of <see cref="Q15BlockColumns"/> columns sums at most 256 of
    /// them, within the 512 that cannot overflow (512 × 128 × 32767 &lt; 2^31).</summary>
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
                // A prefetch past the matrix end is harmless: it never faults.
                sbyte* n0 = w3 + stride, n1 = n0 + stride, n2 = n1 + stride, n3 = n2 + stride;
                var f0 = Vector512<float>.Zero;
                var f1 = Vector512<float>.Zero;
                var f2 = Vector512<float>.Zero;
                var f3 = Vector512<float>.Zero;
                int c = 0;
                while (c + 16 <= columns)
                {
                    int blockEnd = Math.Min(columns, c + Q15BlockColumns);
                    var a0 = Vector512<int>.Zero;
                    var a1 = Vector512<int>.Zero;
                    var a2 = Vector512<int>.Zero;
                    var a3 = Vector512<int>.Zero;
                    for (; c + 64 <= blockEnd; c += 64)
                    {
                        Prefetch(n0, n1, n2, n3, c);
                        var xa = Avx512BW.LoadVector512(qs + c);
                        var xb = Avx512BW.LoadVector512(qs + c + 32);
                        a0 = Avx512BW.Add(a0, Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Avx.LoadVector256(w0 + c)), xa));
                        a1 = Avx512BW.Add(a1, Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Avx.LoadVector256(w1 + c)), xa));
                        a2 = Avx512BW.Add(a2, Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Avx.LoadVector256(w2 + c)), xa));
                        a3 = Avx512BW.Add(a3, Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Avx.LoadVector256(w3 + c)), xa));
                        a0 = Avx512BW.Add(a0, Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Avx.LoadVector256(w0 + c + 32)), xb));
                        a1 = Avx512BW.Add(a1, Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Avx.LoadVector256(w1 + c + 32)), xb));
                        a2 = Avx512BW.Add(a2, Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Avx.LoadVector256(w2 + c + 32)), xb));
                        a3 = Avx512BW.Add(a3, Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Avx.LoadVector256(w3 + c + 32)), xb));
                    }
                    if (c + 32 <= blockEnd)
                    {
                        Prefetch(n0, n1, n2, n3, c);
                        var xa = Avx512BW.LoadVector512(qs + c);
                        a0 = Avx512BW.Add(a0, Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Avx.LoadVector256(w0 + c)), xa));
                        a1 = Avx512BW.Add(a1, Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Avx.LoadVector256(w1 + c)), xa));
                        a2 = Avx512BW.Add(a2, Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Avx.LoadVector256(w2 + c)), xa));
                        a3 = Avx512BW.Add(a3, Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Avx.LoadVector256(w3 + c)), xa));
                        c += 32;
                    }
                    if (c + 16 <= blockEnd)
                    {
                        var xa = Avx.LoadVector256(qs + c);
                        a0 = Avx512BW.Add(a0, Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(w0 + c), xa).ToVector512());
                        a1 = Avx512BW.Add(a1, Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(w1 + c), xa).ToVector512());
                        a2 = Avx512BW.Add(a2, Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(w2 + c), xa).ToVector512());
                        a3 = Avx512BW.Add(a3, Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(w3 + c), xa).ToVector512());
                        c += 16;
                    }
                    f0 += Avx512F.ConvertToVector512Single(a0);
                    f1 += Avx512F.ConvertToVector512Single(a1);
                    f2 += Avx512F.ConvertToVector512Single(a2);
                    f3 += Avx512F.ConvertToVector512Single(a3);
                }
                var sums = SumFour(f0, f1, f2, f3);
                if (c < columns)
                    sums += Q15ColumnTail(w0, w1, w2, w3, qs, c, columns);
                Fma.MultiplyAdd(sums * toUnit, Sse.LoadVector128(scales + r), Sse.LoadVector128(b + r)).Store(ys + r);
            }
            Q15RowTail(weights, stride, qs, columns, scales, b, ys, r, rows);
        }
    }

    /// <summary><c>q[c] = round(clamp(x[c], −1, 1) · 32767)</c>, 16 at a time: <c>vcvtps2dq</c> under the default
    /// rounding mode and <c>vpmovdw</c> (exact, |q| ≤ 32767) give the same values as the scalar
    /// <c>MathF.Round</c> loop (and the AVX2 path's <c>vpackusdw</c> version).</summary>
    private static void QuantiseQ15(float* x, short* q, int count)
    {
        var low = Vector512.Create(-1f);
        var high = Vector512.Create(1f);
        var one = Vector512.Create(Q15One);
        int c = 0;
        for (; c + 16 <= count; c += 16)
        {
            // The operand order keeps a NaN (a diverging state, reset after the step) as NaN: vcvtps2dq makes it
            // 0x80000000, and vpmovdw keeps the low half, 0, as the scalar loop's (short)NaN.
            var clamped = Avx512F.Min(high, Avx512F.Max(low, Avx512F.LoadVector512(x + c)));
            Avx512F.ConvertToVector256Int16(Avx512F.ConvertToVector512Int32(clamped * one)).Store(q + c);
        }
        for (; c < count; c++)
            q[c] = (short)MathF.Round(Math.Clamp(x[c], -1f, 1f) * Q15One);
    }

    /// <summary>[Σacc0, Σacc1, Σacc2, Σacc3]: halve each to 256 bits, then the AVX2 path's three horizontal adds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> SumFour(Vector512<float> acc0, Vector512<float> acc1, Vector512<float> acc2, Vector512<float> acc3)
    {
        var h0 = acc0.GetLower() + acc0.GetUpper();
        var h1 = acc1.GetLower() + acc1.GetUpper();
        var h2 = acc2.GetLower() + acc2.GetUpper();
        var h3 = acc3.GetLower() + acc3.GetUpper();
        var pairs = Avx.HorizontalAdd(Avx.HorizontalAdd(h0, h1), Avx.HorizontalAdd(h2, h3));
        return pairs.GetLower() + pairs.GetUpper();
    }

    private const int Q15BlockColumns = 4096;
}
