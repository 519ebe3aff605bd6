using System.Runtime.InteropServices;

namespace PercepNet.Plugin.Shells;

/// <summary>
/// Exports for test hosts only (src/Host.Test): they let the harness prove that process calls
/// allocate nothing on the audio thread (docs/DESIGN.md §6, issue 6: "0 bytes allocated on the audio
/// thread, measured in the harness"). A NativeAOT library has its own GC, invisible to the host
/// process, so the count must come from inside. Reading it neither allocates nor locks.
/// </summary>
internal static class DiagnosticExports
{
    /// <summary>Managed bytes allocated so far by the calling thread (GC.GetAllocatedBytesForCurrentThread).</summary>
    [UnmanagedCallersOnly(EntryPoint = "percepnet_debug_thread_allocated_bytes")]
    static long ThreadAllocatedBytes() => GC.GetAllocatedBytesForCurrentThread();
}
