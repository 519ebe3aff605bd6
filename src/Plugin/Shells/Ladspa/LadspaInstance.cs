using System.Runtime.InteropServices;
using PercepNet.Plugin.Core;

namespace PercepNet.Plugin.Shells.Ladspa;

/// <summary>
/// One LADSPA instance. The engines are built in instantiate (the only call given the sample
/// rate, and allowed to fail: an unsupported rate or a missing model returns NULL), so
/// activate and run never allocate. Control ports are read once per run, as changes at the
/// block's start; LADSPA has no restart request, so a lookahead change applies at once and the
/// latency port follows.
/// </summary>
internal sealed unsafe class LadspaInstance
{
    readonly PercepNetProcessor _processor;
    readonly LadspaPorts _ports;
    readonly nint[] _connections;
    readonly float[] _lastControls = new float[Parameters.Count];
    readonly ParameterChangeList _changes = new();
    GCHandle _self;

    LadspaInstance(PercepNetProcessor processor, int channels)
    {
        _processor = processor;
        _ports = new LadspaPorts(channels);
        _connections = new nint[_ports.Count];
        _lastControls.AsSpan().Fill(float.NaN);
        _self = GCHandle.Alloc(this);
    }

    static LadspaInstance? From(void* handle)
        => handle == null ? null : GCHandle.FromIntPtr((nint)handle).Target as LadspaInstance;

    [UnmanagedCallersOnly]
    public static void* Instantiate(LadspaDescriptor* descriptor, nuint sampleRate)
    {
        try
        {
            int channels = LadspaEntry.ChannelsOf(descriptor);
            if (channels == 0) return null;
            // LADSPA has no log: a refusal stays silent (never on the host's stderr) and shows as a failed instance.
            var processor = SharedModel.CreateProcessor(restartsForLatency: false);
            if (processor is null) return null;
            if (!processor.Activate(sampleRate, channels)) return null;
            var instance = new LadspaInstance(processor, channels);
            return (void*)GCHandle.ToIntPtr(instance._self);
        }
        catch (Exception)
        {
            return null;
        }
    }

    [UnmanagedCallersOnly]
    public static void ConnectPort(void* handle, nuint port, float* data)
    {
        var self = From(handle);
        if (self is not null && port < (nuint)self._connections.Length) self._connections[(int)port] = (nint)data;
    }

    /// <summary>ladspa.h: activate resets all history-dependent state.</summary>
    [UnmanagedCallersOnly]
    public static void Activate(void* handle)
    {
        var self = From(handle);
        if (self is null) return;
        self._processor.Process(AudioBlock.Empty, self.ReadControls());
        self._processor.Reset();
        self.WriteOutputPorts();
    }

    [UnmanagedCallersOnly]
    public static void Run(void* handle, nuint sampleCount)
    {
        var self = From(handle);
        if (self is null) return;
        var ports = self._ports;
        var connections = self._connections;
        // LADSPA connects each channel to its own port: gather them into the per-channel pointer arrays of a block.
        float** inputs = stackalloc float*[ports.Channels];
        float** outputs = stackalloc float*[ports.Channels];
        for (int c = 0; c < ports.Channels; c++)
        {
            inputs[c] = (float*)connections[ports.FirstInput + c];
            outputs[c] = (float*)connections[ports.FirstOutput + c];
        }
        var block = new AudioBlock(inputs, ports.Channels, outputs, ports.Channels, (int)Math.Min(sampleCount, (nuint)int.MaxValue));
        self._processor.Process(block, self.ReadControls());
        self.WriteOutputPorts();
    }

    [UnmanagedCallersOnly]
    public static void Deactivate(void* handle) { }

    [UnmanagedCallersOnly]
    public static void Cleanup(void* handle)
    {
        var self = From(handle);
        if (self is null) return;
        self._processor.Deactivate();
        self._self.Free();
    }

    /// <summary>The control ports that changed since the last read, as changes at the block's start.</summary>
    ReadOnlySpan<ParameterChange> ReadControls()
    {
        _changes.Clear();
        for (int i = 0; i < _lastControls.Length; i++)
        {
            var port = (float*)_connections[_ports.FirstControl + i];
            if (port == null) continue;
            float value = *port;
            if (value.Equals(_lastControls[i])) continue;
            _lastControls[i] = value;
            _changes.Add(0, i, value);
        }
        return _changes.Changes;
    }

    /// <summary>The output control ports: latency (hosts compensate it) and the gain-reduction meter.</summary>
    void WriteOutputPorts()
    {
        var port = (float*)_connections[_ports.Latency];
        if (port != null) *port = _processor.LatencySamples;
        var meter = (float*)_connections[_ports.GainReduction];
        if (meter != null) *meter = _processor.GainReductionDb;
    }
}
