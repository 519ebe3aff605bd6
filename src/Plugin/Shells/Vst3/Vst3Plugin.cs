using PercepNet.Plugin.Core;

namespace PercepNet.Plugin.Shells.Vst3;

/// <summary>
/// Our VST3 effect: one object that is component, audio processor and edit controller at once
/// (the SDK's "single component effect": getControllerClassId answers no class, and hosts ask
/// the component itself for IEditController). That removes the processor↔controller messaging
/// (IConnectionPoint) and its threading. The vtables live in Vst3Component, Vst3AudioProcessor
/// and Vst3EditController; this class holds the state they share.
///
/// VST3 keeps two views of parameter values: the controller's (UI thread, setParamNormalized)
/// and the processor's (audio thread, changes delivered inside process). We keep both, as the
/// format intends, so automation reaches the audio at its sample offset.
/// </summary>
internal sealed unsafe class Vst3Plugin : ComObject
{
    readonly ComInterface* _component;
    readonly ComInterface* _audioProcessor;
    readonly ComInterface* _editController;
    readonly ComInterface* _contextRequirements;
    void* _componentHandler;

    public PercepNetProcessor Processor { get; }
    /// <summary>Plain values as the controller (host UI thread) last saw them.</summary>
    public double[] ControllerValues { get; } = new double[Parameters.Count];
    /// <summary>The audio thread's translation buffer for a block's parameter changes.</summary>
    public ParameterChangeList ParameterChanges { get; } = new();
    /// <summary>Channels of the (single) input and output bus: 1 or 2, stereo until the host asks for mono.</summary>
    public int ChannelCount { get; set; } = 2;
    public double SampleRate { get; set; } = 48000;

    public Vst3Plugin(PercepNetProcessor processor)
    {
        Processor = processor;
        for (int i = 0; i < ControllerValues.Length; i++) ControllerValues[i] = processor.GetValue(i);
        _component = AddInterface(Vst3Component.Vtable);
        _audioProcessor = AddInterface(Vst3AudioProcessor.Vtable);
        _editController = AddInterface(Vst3EditController.Vtable);
        _contextRequirements = AddInterface(Vst3AudioProcessor.ContextRequirementsVtable);
    }

    protected override ComInterface* Find(byte* iid)
    {
        if (Vst3Iids.Is(iid, Vst3Iids.FUnknown) || Vst3Iids.Is(iid, Vst3Iids.IPluginBase) || Vst3Iids.Is(iid, Vst3Iids.IComponent))
            return _component;
        if (Vst3Iids.Is(iid, Vst3Iids.IAudioProcessor)) return _audioProcessor;
        if (Vst3Iids.Is(iid, Vst3Iids.IEditController)) return _editController;
        if (Vst3Iids.Is(iid, Vst3Iids.IProcessContextRequirements)) return _contextRequirements;
        return null;
    }

    protected override void OnReleased()
    {
        Processor.Deactivate();
        SetComponentHandler(null);
    }

    public void SetComponentHandler(void* handler)
    {
        if (handler == _componentHandler) return;
        if (handler != null) Vst3HostCalls.AddRef(handler);
        if (_componentHandler != null) Vst3HostCalls.Release(_componentHandler);
        _componentHandler = handler;
    }

    /// <summary>
    /// UI thread: a new lookahead means a new latency, which the host learns only through
    /// restartComponent(kLatencyChanged); it then re-activates us and asks getLatencySamples.
    /// </summary>
    public void RequestRestartIfLatencyPending()
    {
        if (Processor.IsActive && Processor.LookaheadChangePending && _componentHandler != null)
            Vst3HostCalls.RestartComponent(_componentHandler, Vst3Constants.RestartLatencyChanged);
    }

    /// <summary>Reads a whole IBStream (hosts may deliver it in small pieces), at most one byte past the largest valid state.</summary>
    public static byte[]? ReadStream(void* stream)
    {
        if (stream == null) return null;
        var buffer = new byte[PluginState.MaxBytes + 1];
        int total = 0;
        fixed (byte* data = buffer)
        {
            while (total < buffer.Length)
            {
                int read = 0;
                int status = Vst3HostCalls.StreamRead(stream, data + total, buffer.Length - total, &read);
                if (status != TResult.Ok || read <= 0) break;
                total += Math.Min(read, buffer.Length - total);
            }
        }
        return total > PluginState.MaxBytes ? null : buffer.AsSpan(0, total).ToArray();
    }

    public static bool WriteStream(void* stream, byte[] bytes)
    {
        if (stream == null) return false;
        fixed (byte* data = bytes)
        {
            for (int written = 0; written < bytes.Length;)
            {
                int n = 0;
                int status = Vst3HostCalls.StreamWrite(stream, data + written, bytes.Length - written, &n);
                if (status != TResult.Ok || n <= 0) return false;
                written += n;
            }
        }
        return true;
    }
}
