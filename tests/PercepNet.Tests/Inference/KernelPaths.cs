using PercepNet.Engine.Inference;

namespace PercepNet.Tests.Inference;

/// <summary>The kernel paths this test machine can run; SIMD paths it lacks are left out, not faked.</summary>
internal static class KernelPaths
{
    public static IEnumerable<KernelPath> All => Enum.GetValues<KernelPath>().Where(InferenceKernels.IsSupported);

    public static TheoryData<KernelPath> Supported() => new(All);

    /// <summary>Max abs output error against the double-precision reference for a random model: float paths only
    /// round, the AVX2 and AVX-512 paths also quantise unit-range layer inputs to Q15 (≤ 1.5e-5 each).</summary>
    public static double Tolerance(KernelPath path) => path is KernelPath.Avx2Fma or KernelPath.Avx512 ? 1e-4 : 1e-5;
}
