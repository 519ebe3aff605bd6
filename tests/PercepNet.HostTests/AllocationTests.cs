using PercepNet.HostTest.Hosting;

namespace PercepNet.HostTests;

/// 0 bytes allocated on the audio thread (issue 6), measured inside a child harness process:
/// native allocations through an LD_PRELOAD malloc counter built here from
/// src/Host.Test/Native/alloc_counter.c, managed allocations of the NativeAOT plugin through
/// its own exported counter (its GC is separate from ours, so our GC counters cannot see it).
public class AllocationTests
{
    static readonly Lazy<string> Shim = new(BuildShim);

    static string BuildShim()
    {
        string source = Path.Combine(PluginBinaries.RepositoryRoot, "src", "Host.Test", "Native", "alloc_counter.c");
        string output = Path.Combine(Path.GetTempPath(), $"percepnet-alloc-counter-{Environment.ProcessId}.so");
        var cc = ChildProcess.Run("cc", ["-shared", "-fPIC", "-O2", "-o", output, source]);
        Assert.True(cc.ExitCode == 0, $"building the malloc counter failed (is a C compiler installed?):\n{cc.Describe()}");
        return output;
    }

    [Theory]
    [MemberData(nameof(PluginBinaries.AllFormats), MemberType = typeof(PluginBinaries))]
    public void Process_calls_make_no_heap_allocation(PluginFormat format)
    {
        var run = ChildProcess.Harness(
            ["alloc-check", "--plugin", PluginBinaries.PathOf(format), "--format", format.ToString().ToLowerInvariant(), "--calls", "3000"],
            // No tiering in the harness: its callbacks are compiled once, during the warm-up, and
            // never re-jitted while counting.
            new Dictionary<string, string> { ["LD_PRELOAD"] = Shim.Value, ["DOTNET_TieredCompilation"] = "0" });
        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Equal("True", ChildProcess.Value(run.Stdout, "has_malloc_counter"));
        // LADSPA runs are split at parameter events, so there may be more audio calls than blocks.
        Assert.True(long.Parse(ChildProcess.Value(run.Stdout, "audio_calls")) >= 3000, run.Stdout);
        Assert.True(ChildProcess.Value(run.Stdout, "malloc_calls") == "0", $"{format}: malloc inside process:\n{run.Stdout}");
        Assert.True(ChildProcess.Value(run.Stdout, "has_managed_counter") == "True",
            $"{format}: the plugin does not export {AudioThreadProbe.ManagedCounterSymbol} (int64 of GC.GetAllocatedBytesForCurrentThread()), so managed allocations on the audio thread cannot be measured");
        Assert.True(long.Parse(ChildProcess.Value(run.Stdout, "managed_bytes_during_activate")) > 0,
            $"{format}: the managed counter saw no allocation even while activating, so it cannot be trusted:\n{run.Stdout}");
        Assert.True(ChildProcess.Value(run.Stdout, "managed_bytes") == "0", $"{format}: managed allocation inside process:\n{run.Stdout}");
        // The plugin's own heap is free of harness noise, so it must stay untouched from the
        // very first process call, not only after the warm-up.
        Assert.True(ChildProcess.Value(run.Stdout, "warmup_managed_bytes") == "0", $"{format}: managed allocation in the first process calls:\n{run.Stdout}");
    }

    [Fact]
    public void The_malloc_counter_sees_allocations_when_they_happen()
    {
        // Guards the measurement itself: a shim that counted nothing would pass the test above.
        var run = ChildProcess.Run("python3", ["-c", "import ctypes; l = ctypes.CDLL(None); c = l.percepnet_host_thread_malloc_calls; c.restype = ctypes.c_long; l.malloc.restype = ctypes.c_void_p; l.free.argtypes = [ctypes.c_void_p]; a = c(); l.free(l.malloc(100)); print(c() - a)"],
            new Dictionary<string, string> { ["LD_PRELOAD"] = Shim.Value });
        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.True(int.Parse(run.Stdout.Trim()) >= 1, run.Describe());
    }
}
