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
    readonly ComInterface* _unitInfo;
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
        _unitInfo = AddInterface(Vst3UnitInfo.Vtable);
    }

    protected override ComInterface* Find(byte* iid)
    {
        if (Vst3Iids.Is(iid, Vst3Iids.FUnknown) || Vst3Iids.Is(iid, Vst3Iids.IPluginBase) || Vst3Iids.Is(iid, Vst3Iids.IComponent))
            return _component;
        if (Vst3Iids.Is(iid, Vst3Iids.IAudioProcessor)) return _audioProcessor;
        if (Vst3Iids.Is(iid, Vst3Iids.IEditController)) return _editController;
        if (Vst3Iids.Is(iid, Vst3Iids.IProcessContextRequirements)) return _contextRequirements;
        if (Vst3Iids.Is(iid, Vst3Iids.IUnitInfo)) return _unitInfo;
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

    /// <summary>UI thread: the factory preset the "Preset" program-change parameter shows: the one last chosen, or after
    /// a state load the one whose values the state has (<see cref="PresetFromValues"/>).</summary>
    public int SelectedPreset { get; private set; }

    /// <summary>
    /// UI thread, the controller's side of a program change (the processor gets the same change in process and applies
    /// the values at its sample, <see cref="Vst3ParameterEvents"/>): the controller's values become the preset's, a new
    /// lookahead is handed to the processor as the Lookahead parameter's is, and the host learns each value that changed
    /// through beginEdit/performEdit/endEdit, the calls an editor makes.
    ///
    /// Nothing here calls restartComponent, neither kParamValuesChanged (what vst3ProgramLists suggests) nor
    /// kLatencyChanged: Ardour 7.3 (Debian 12) holds its plug-in lock while it sets the program parameter, and its
    /// restartComponent takes that lock again, so the host hangs (seen with ardour7-lua; the harness checks that no
    /// restart comes from inside a program change). performEdit takes no lock there. The restart a new lookahead needs
    /// is asked for at the host's next parameter call (<see cref="Vst3EditController"/>), or comes with its next
    /// re-activation.
    /// </summary>
    public void SelectPreset(int preset)
    {
        if ((uint)preset >= (uint)FactoryPresetValues.Count) return;
        _selectingPreset = true;
        try
        {
            Select(preset);
        }
        finally
        {
            _selectingPreset = false;
        }
    }

    /// <summary>True while <see cref="SelectPreset"/> runs: hosts call back into the controller from performEdit (Ardour
    /// 7.3 sets the value again through setParamNormalized, still holding its lock), and no restart may be asked then.</summary>
    bool _selectingPreset;

    void Select(int preset)
    {
        SelectedPreset = preset;
        var values = FactoryPresetValues.Values(preset);
        Span<bool> changed = stackalloc bool[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            if (double.IsNaN(values[i])) continue;
            changed[i] = ControllerValues[i] != values[i];
            ControllerValues[i] = values[i];
        }
        int lookahead = Parameters.IndexOf((uint)ParameterId.Lookahead);
        if (!double.IsNaN(values[lookahead])) Processor.SetValue(lookahead, values[lookahead]);
        if (_componentHandler == null) return;
        for (int i = 0; i < values.Length; i++)
        {
            if (!changed[i]) continue;
            uint id = (uint)Parameters.All[i].Id;
            Vst3HostCalls.BeginEdit(_componentHandler, id);
            Vst3HostCalls.PerformEdit(_componentHandler, id, Parameters.All[i].ToNormalized(values[i]));
            Vst3HostCalls.EndEdit(_componentHandler, id);
        }
    }

    /// <summary>After a state load: the "Preset" parameter shows the preset whose values the controller now has, if
    /// any (a project saved right after choosing one); otherwise it keeps what it showed.</summary>
    public void PresetFromValues()
    {
        int matching = FactoryPresetValues.Matching(ControllerValues);
        if (matching >= 0) SelectedPreset = matching;
    }

    /// <summary>
    /// UI thread: a new lookahead means a new latency, which the host learns only through
    /// restartComponent(kLatencyChanged); it then re-activates us and asks getLatencySamples.
    /// </summary>
    public void RequestRestartIfLatencyPending()
    {
        if (_selectingPreset) return;   // asked at the host's next call instead (SelectPreset)
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
