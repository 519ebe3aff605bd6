using System.Numerics;
using System.Runtime.InteropServices;

namespace PercepNet.Engine.Dsp;

/// <summary>Small SIMD helpers for the correlation-heavy DSP (pitch search, comb filter).</summary>
public static class VectorMath
{
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        int n = Math.Min(a.Length, b.Length), i = 0;
        var acc = Vector<float>.Zero;
        var va = MemoryMarshal.Cast<float, Vector<float>>(a[..n]);
        var vb = MemoryMarshal.Cast<float, Vector<float>>(b[..n]);
        for (int v = 0; v < va.Length; v++) acc += va[v] * vb[v];
        i = va.Length * Vector<float>.Count;
        float sum = Vector.Sum(acc);
        for (; i < n; i++) sum += a[i] * b[i];
        return sum;
    }

    /// <summary>dst += k·src.</summary>
    public static void MultiplyAdd(ReadOnlySpan<float> src, float k, Span<float> dst)
    {
        int n = Math.Min(src.Length, dst.Length), i = 0;
        var vs = MemoryMarshal.Cast<float, Vector<float>>(src[..n]);
        var vd = MemoryMarshal.Cast<float, Vector<float>>(dst[..n]);
        var vk = new Vector<float>(k);
        for (int v = 0; v < vs.Length; v++) vd[v] += vs[v] * vk;
        i = vs.Length * Vector<float>.Count;
        for (; i < n; i++) dst[i] += k * src[i];
    }
}
