using System.Globalization;
using PercepNet.HostTest.Hosting;
using PercepNet.HostTest.Rendering;

namespace PercepNet.HostTest.Commands;

/// `alloc-check`: after a warm-up (first calls may attach the thread to the plugin's runtime),
/// runs N process calls with random block sizes and parameter events and prints how many heap
/// allocations happened inside them. Run under LD_PRELOAD=alloc_counter.so to count malloc.
public static unsafe class AllocationCheckCommand
{
    public static int Run(Options options)
    {
        string pluginPath = options.Require("--plugin");
        int calls = int.Parse(options.Get("--calls") ?? "2000", CultureInfo.InvariantCulture);
        using IHostedPlugin plugin = PluginLoader.Open(pluginPath, options.Format(pluginPath));
        AudioThreadProbe probe = plugin.Probe;
        const int maxBlock = 4096;
        // Meter self-check: activation allocates the engine on this thread, so a working
        // managed counter must see bytes here (and a zero below then means something).
        probe.Enter();
        plugin.Activate(48000, maxBlock);
        probe.Exit();
        long activationBytes = probe.ManagedBytes;
        float[] signal = SpeechLikeSignal.Generate(48000, 4);
        var automatable = plugin.Parameters.Where(p => !p.IsReadOnly && !p.IsBypass && !IsLookahead(p)).ToList();
        var random = new Random(3);
        var blocks = BlockSizeSequence.Random(5, maxBlock);
        using var buffers = new ChannelBuffers(plugin.Channels, maxBlock, inPlace: false);
        var changes = new ParameterChange[2];
        int position = 0;
        string firstAllocation = "none";
        long warmupMallocs = 0, warmupBytes = 0;
        for (int call = 0; call < calls + Warmup; call++)
        {
            if (call == Warmup)
            {
                warmupMallocs = probe.MallocCalls;
                warmupBytes = probe.ManagedBytes - activationBytes;
                probe.ResetCounts();
            }
            long mallocBefore = probe.MallocCalls, bytesBefore = probe.ManagedBytes;
            int frames = blocks.Next();
            for (int c = 0; c < plugin.Channels; c++)
            {
                Span<float> block = buffers.Input(c, frames);
                for (int i = 0; i < frames; i++) block[i] = signal[(position + i) % signal.Length];
            }
            int count = 0;
            if (frames > 0 && automatable.Count > 0 && random.Next(4) == 0)
            {
                ParameterInfo p = automatable[random.Next(automatable.Count)];
                changes[count++] = new ParameterChange(random.Next(frames), p.Id, p.Min + (p.Max - p.Min) * random.NextDouble());
            }
            plugin.Process(buffers.InputPointers, buffers.OutputPointers, frames, changes.AsSpan(0, count));
            if (call >= Warmup && firstAllocation == "none" && (probe.MallocCalls != mallocBefore || probe.ManagedBytes != bytesBefore))
                firstAllocation = $"call {call - Warmup}: {frames} frames, {count} events, " +
                    $"{probe.MallocCalls - mallocBefore} mallocs, {probe.ManagedBytes - bytesBefore} managed bytes";
            position += frames;
        }
        Console.Out.WriteLine($"audio_calls {probe.AudioCalls}");
        Console.Out.WriteLine($"has_malloc_counter {AudioThreadProbe.HasMallocCounter}");
        Console.Out.WriteLine($"malloc_calls {probe.MallocCalls}");
        Console.Out.WriteLine($"has_managed_counter {probe.HasManagedCounter}");
        Console.Out.WriteLine($"managed_bytes {probe.ManagedBytes}");
        Console.Out.WriteLine($"managed_bytes_during_activate {activationBytes}");
        Console.Out.WriteLine($"first_allocation {firstAllocation}");
        // Warm-up mallocs include the harness's own first-call JIT of its host callbacks, so
        // only the managed figure (the plugin's own heap) is meaningful from the first call on.
        Console.Out.WriteLine($"warmup_malloc_calls {warmupMallocs}");
        Console.Out.WriteLine($"warmup_managed_bytes {warmupBytes}");
        return 0;
    }

    /// Changing lookahead changes latency and needs a restart; it is not automated mid-stream.
    /// Long enough that every code path (and every host callback the plugin calls back into,
    /// which the JIT compiles on first use) has run once before counting starts.
    const int Warmup = 1000;

    public static bool IsLookahead(ParameterInfo p) => ParameterInfo.Key(p.Name).Contains("lookahead");
}
