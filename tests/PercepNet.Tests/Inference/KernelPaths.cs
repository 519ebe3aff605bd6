using PercepNet.Engine.Inference;

namespace PercepNet.Tests.Inference;

/// <summary>The kernel paths this test machine can run; SIMD paths it lacks are left out, not faked.</summary>
internal static class KernelPaths
{
    public static IEnumerable<KernelPath> All => Enum.GetValues<KernelPath>().Where(InferenceKernels.IsSupported);

    public static TheoryData<KernelPath> Supported() => new(All);
}
