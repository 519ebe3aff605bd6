namespace PercepNet.Engine.Inference;

/// <summary>Instruction-set path of the inference kernels, chosen once per <see cref="GainNetwork"/>.</summary>
public enum KernelPath
{
    /// <summary>Plain C# loops; the reference the SIMD paths are tested against.</summary>
    Scalar,
    /// <summary>Portable 128-bit vectors (SSE on x64, AdvSimd on ARM64).</summary>
    Vector128,
    /// <summary>256-bit AVX2 with fused multiply-add (x64 only).</summary>
    Avx2Fma,
    /// <summary>512-bit AVX-512 F + BW for the int8 products, AVX2 + FMA for the rest (x64 only). The default where
    /// supported.</summary>
    Avx512,
}
