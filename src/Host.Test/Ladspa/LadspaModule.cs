using System.Diagnostics;
using PercepNet.HostTest.Native;

namespace PercepNet.HostTest.Ladspa;

/// A loaded LADSPA library: `ladspa_descriptor(i)` for i = 0.. until it returns null.
public sealed unsafe class LadspaModule
{
    static readonly Dictionary<string, LadspaModule> Loaded = new();

    public SharedLibrary Library { get; }
    public IReadOnlyList<IntPtr> Descriptors { get; }
    public TimeSpan ScanTime { get; }

    LadspaModule(SharedLibrary library, IReadOnlyList<IntPtr> descriptors, TimeSpan scanTime)
    {
        Library = library;
        Descriptors = descriptors;
        ScanTime = scanTime;
    }

    public static LadspaModule Load(string path)
    {
        string full = Path.GetFullPath(path);
        lock (Loaded)
        {
            if (!Loaded.TryGetValue(full, out LadspaModule? module))
            {
                var watch = Stopwatch.StartNew();
                SharedLibrary library = SharedLibrary.Open(full);
                var function = (delegate* unmanaged<nuint, LadspaDescriptor*>)library.GetSymbol("ladspa_descriptor");
                var list = new List<IntPtr>();
                for (nuint i = 0; i < 64; i++)
                {
                    LadspaDescriptor* d = function(i);
                    if (d == null) break;
                    list.Add((IntPtr)d);
                }
                watch.Stop();
                if (list.Count == 0) throw new InvalidOperationException("ladspa_descriptor(0) returned null");
                module = new LadspaModule(library, list, watch.Elapsed);
                Loaded[full] = module;
            }
            return module;
        }
    }

    public static int AudioPorts(LadspaDescriptor* d, int direction)
    {
        int count = 0;
        for (nuint p = 0; p < d->PortCount; p++)
        {
            int kind = d->PortDescriptors[p];
            if ((kind & LadspaPort.Audio) != 0 && (kind & direction) != 0) count++;
        }
        return count;
    }

    /// The descriptor whose audio input count equals `channels`, else the first one.
    public LadspaDescriptor* Find(int channels, string? label = null)
    {
        foreach (IntPtr ptr in Descriptors)
        {
            var d = (LadspaDescriptor*)ptr;
            if (label != null ? Utf8Strings.Read(d->Label) == label : AudioPorts(d, LadspaPort.Input) == channels) return d;
        }
        if (label != null) throw new InvalidOperationException($"no LADSPA plugin labelled '{label}'");
        return (LadspaDescriptor*)Descriptors[0];
    }
}
