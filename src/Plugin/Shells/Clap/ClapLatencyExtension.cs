using System.Runtime.InteropServices;

namespace PercepNet.Plugin.Shells.Clap;

/// <summary>
/// clap.latency and clap.tail. Latency is the exact delay of the current activation (engine,
/// lookahead and resampler, docs/DESIGN.md §2.8 and §6); the tail is the same number of samples, the
/// delayed signal still in the pipeline when the input stops.
/// </summary>
internal static unsafe class ClapLatencyExtension
{
    public static readonly ClapPluginSampleCount* LatencyTable = Build(&GetLatency);
    public static readonly ClapPluginSampleCount* TailTable = Build(&GetTail);

    static ClapPluginSampleCount* Build(delegate* unmanaged<ClapPlugin*, uint> get)
    {
        var table = (ClapPluginSampleCount*)NativeMemory.AllocZeroed((nuint)sizeof(ClapPluginSampleCount));
        table->Get = get;
        return table;
    }

    [UnmanagedCallersOnly]
    static uint GetLatency(ClapPlugin* plugin) => (uint)(ClapPluginInstance.From(plugin)?.Processor.LatencySamples ?? 0);

    [UnmanagedCallersOnly]
    static uint GetTail(ClapPlugin* plugin) => (uint)(ClapPluginInstance.From(plugin)?.Processor.TailSamples ?? 0);
}
