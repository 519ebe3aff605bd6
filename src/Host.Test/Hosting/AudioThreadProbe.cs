using PercepNet.HostTest.Native;

namespace PercepNet.HostTest.Hosting;

/// Counts heap allocations made inside the plugin's audio call (process / run), on the
/// calling thread only, with two independent meters:
/// - native heap: malloc-family calls counted by the LD_PRELOAD shim `alloc_counter.c`
///   (exports `percepnet_host_thread_malloc_calls`); absent unless the process was started
///   with LD_PRELOAD.
/// - managed heap of a NativeAOT plugin: its own GC, invisible to this process's GC counters,
///   read through the plugin's optional export `percepnet_debug_thread_allocated_bytes`
///   (GC.GetAllocatedBytesForCurrentThread inside the plugin). NativeAOT gets managed memory
///   from the OS in large regions, so malloc counting alone would miss managed allocations.
public sealed unsafe class AudioThreadProbe
{
    public const string MallocCounterSymbol = "percepnet_host_thread_malloc_calls";
    public const string ManagedCounterSymbol = "percepnet_debug_thread_allocated_bytes";

    static readonly delegate* unmanaged<long> ThreadMallocCalls =
        (delegate* unmanaged<long>)SharedLibrary.TryGetGlobalSymbol(MallocCounterSymbol);

    readonly delegate* unmanaged<long> _pluginAllocatedBytes;
    long _mallocAtEnter, _bytesAtEnter;

    public AudioThreadProbe(SharedLibrary plugin)
    {
        _pluginAllocatedBytes = (delegate* unmanaged<long>)plugin.TryGetSymbol(ManagedCounterSymbol);
        // JIT-compile Enter/Exit now: compiling Exit on its first use would run inside the
        // counting window and be charged to the plugin.
        Enter();
        Exit();
        ResetCounts();
    }

    public static bool HasMallocCounter => ThreadMallocCalls != null;
    public bool HasManagedCounter => _pluginAllocatedBytes != null;

    /// Totals since construction or the last ResetCounts.
    public long MallocCalls { get; private set; }
    public long ManagedBytes { get; private set; }
    public long AudioCalls { get; private set; }

    public void ResetCounts()
    {
        MallocCalls = 0;
        ManagedBytes = 0;
        AudioCalls = 0;
    }

    public void Enter()
    {
        if (ThreadMallocCalls != null) _mallocAtEnter = ThreadMallocCalls();
        if (_pluginAllocatedBytes != null) _bytesAtEnter = _pluginAllocatedBytes();
    }

    public void Exit()
    {
        if (_pluginAllocatedBytes != null) ManagedBytes += _pluginAllocatedBytes() - _bytesAtEnter;
        if (ThreadMallocCalls != null) MallocCalls += ThreadMallocCalls() - _mallocAtEnter;
        AudioCalls++;
    }
}
