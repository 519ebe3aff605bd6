namespace PercepNet.Tests;

/// <summary>
/// Asserts that code allocates nothing on the current thread (GC.GetAllocatedBytesForCurrentThread).
/// The runtime itself now and then allocates a few KB on a thread that runs a long loop (seen in CI-like runs
/// even with tiered JIT off), so the body runs up to <c>attempts</c> times and one complete run must allocate
/// 0 bytes: code that allocates per call allocates in every run and still fails.
/// </summary>
public static class AllocationAssert
{
    public static void Zero(Action body, string what = "", int attempts = 3)
    {
        long least = long.MaxValue;
        for (int i = 0; i < attempts && least != 0; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            body();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        Assert.True(least == 0, $"{what} allocated {least} bytes in the best of {attempts} runs");
    }
}
