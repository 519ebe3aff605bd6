using System.Runtime.InteropServices;
using PercepNet.HostTest.Hosting;
using PercepNet.HostTest.Native;

namespace PercepNet.HostTest.Clap;

/// One CLAP plugin instance: clap_entry → init → get_factory → create_plugin → init, then the
/// activate / start_processing / process / stop / deactivate cycle, with parameters sent as
/// sample-accurate CLAP_EVENT_PARAM_VALUE events and flushed through params.flush when idle.
public sealed unsafe class ClapPluginInstance : IHostedPlugin
{
    readonly ClapHostContext _host;
    readonly ClapPlugin* _plugin;
    readonly ClapPluginParams* _params;
    readonly ClapPluginLatency* _latency;
    readonly ClapPluginState* _state;
    readonly ClapPluginPresetLoad* _presetLoad;
    readonly ClapModule _module;
    readonly ClapInputEventList _inEvents = new();
    readonly ClapOutputEventList _outEvents = new();
    readonly ClapAudioBuffer* _audioIn;
    readonly ClapAudioBuffer* _audioOut;
    readonly ClapProcess* _process;
    long _steadyTime;
    bool _processing;
    bool _disposed;

    public PluginFormat Format => PluginFormat.Clap;
    public string Id { get; }
    public string Name { get; }
    public int Channels { get; }
    public IReadOnlyList<ParameterInfo> Parameters { get; }
    public bool IsActive { get; private set; }
    public ClapHostContext HostContext => _host;
    public AudioThreadProbe Probe { get; }
    public int LastProcessStatus { get; private set; }
    public int OutputEventsPushed => _outEvents.Pushed;

    public ClapPluginInstance(ClapModule module, int channels = 1, string? pluginId = null)
    {
        Probe = new AudioThreadProbe(module.Library);
        _module = module;
        _host = new ClapHostContext();
        ClapPluginDescriptor* desc = module.FindDescriptor(pluginId, channels);
        Id = Utf8Strings.Read(desc->Id);
        Name = Utf8Strings.Read(desc->Name);
        _plugin = module.Factory->CreatePlugin(module.Factory, _host.Host, desc->Id);
        if (_plugin == null) throw new InvalidOperationException($"create_plugin returned null for '{Id}'");
        if (!_plugin->Init(_plugin))
        {
            _plugin->Destroy(_plugin);
            throw new InvalidOperationException($"clap_plugin.init failed for '{Id}'");
        }
        _params = (ClapPluginParams*)Extension(ClapExtensionIds.Params);
        _latency = (ClapPluginLatency*)Extension(ClapExtensionIds.Latency);
        _state = (ClapPluginState*)Extension(ClapExtensionIds.State);
        _presetLoad = (ClapPluginPresetLoad*)Extension(ClapExtensionIds.PresetLoad);
        if (_presetLoad == null) _presetLoad = (ClapPluginPresetLoad*)Extension(ClapExtensionIds.PresetLoadCompat);
        Channels = MainInputChannels();
        Parameters = ReadParameters();

        _audioIn = (ClapAudioBuffer*)NativeMemory.AllocZeroed((nuint)sizeof(ClapAudioBuffer));
        _audioOut = (ClapAudioBuffer*)NativeMemory.AllocZeroed((nuint)sizeof(ClapAudioBuffer));
        _process = (ClapProcess*)NativeMemory.AllocZeroed((nuint)sizeof(ClapProcess));
    }

    public void* Extension(string id)
    {
        fixed (byte* text = System.Text.Encoding.UTF8.GetBytes(id + "\0"))
            return _plugin->GetExtension(_plugin, text);
    }

    int MainInputChannels()
    {
        var ports = (ClapPluginAudioPorts*)Extension(ClapExtensionIds.AudioPorts);
        if (ports == null || ports->Count(_plugin, true) == 0) return 2;
        ClapAudioPortInfo info;
        return ports->Get(_plugin, 0, true, &info) ? (int)info.ChannelCount : 2;
    }

    public IReadOnlyList<ClapAudioPortInfo> AudioPorts(bool input)
    {
        var ports = (ClapPluginAudioPorts*)Extension(ClapExtensionIds.AudioPorts);
        var list = new List<ClapAudioPortInfo>();
        if (ports == null) return list;
        uint count = ports->Count(_plugin, input);
        for (uint i = 0; i < count; i++)
        {
            ClapAudioPortInfo info;
            if (ports->Get(_plugin, i, input, &info)) list.Add(info);
        }
        return list;
    }

    List<ParameterInfo> ReadParameters()
    {
        var list = new List<ParameterInfo>();
        if (_params == null) return list;
        uint count = _params->Count(_plugin);
        for (uint i = 0; i < count; i++)
        {
            ClapParamInfo info;
            if (!_params->GetInfo(_plugin, i, &info))
                throw new InvalidOperationException($"params.get_info({i}) failed although count is {count}");
            list.Add(new ParameterInfo(info.Id, Utf8Strings.ReadFixed(info.Name, ClapParamInfo.NameSize),
                info.MinValue, info.MaxValue, info.DefaultValue,
                (info.Flags & ClapParamFlags.IsStepped) != 0, (info.Flags & ClapParamFlags.IsBypass) != 0,
                (info.Flags & ClapParamFlags.IsReadOnly) != 0, (info.Flags & ClapParamFlags.IsAutomatable) != 0));
        }
        return list;
    }

    public int LatencySamples => _latency == null ? 0 : (int)_latency->Get(_plugin);
    public int LatencyChangeRequests => _host.RestartRequests + _host.LatencyChangedCalls;

    public void Activate(double sampleRate, int maxBlock)
    {
        if (IsActive) throw new InvalidOperationException("already active");
        if (!_plugin->Activate(_plugin, sampleRate, 1, (uint)maxBlock))
            throw new InvalidOperationException($"activate({sampleRate}, 1, {maxBlock}) returned false");
        IsActive = true;
        // start_processing belongs to the audio thread; the harness's audio thread is the caller.
        _host.InAudioCall = true;
        _processing = _plugin->StartProcessing(_plugin);
        _host.InAudioCall = false;
        if (!_processing) throw new InvalidOperationException("start_processing returned false");
    }

    public void Deactivate()
    {
        if (!IsActive) return;
        if (_processing)
        {
            _host.InAudioCall = true;
            _plugin->StopProcessing(_plugin);
            _host.InAudioCall = false;
            _processing = false;
        }
        _plugin->Deactivate(_plugin);
        IsActive = false;
    }

    public void Process(float** inputs, float** outputs, int frames, ReadOnlySpan<ParameterChange> changes)
    {
        if (!_processing) throw new InvalidOperationException("Process before Activate");
        _inEvents.Fill(changes);
        _audioIn->Data32 = inputs;
        _audioIn->ChannelCount = (uint)Channels;
        _audioIn->ConstantMask = 0;
        _audioOut->Data32 = outputs;
        _audioOut->ChannelCount = (uint)Channels;
        _audioOut->ConstantMask = 0;
        _process->SteadyTime = _steadyTime;
        _process->FramesCount = (uint)frames;
        _process->AudioInputs = _audioIn;
        _process->AudioOutputs = _audioOut;
        _process->AudioInputsCount = 1;
        _process->AudioOutputsCount = 1;
        _process->InEvents = _inEvents.Native;
        _process->OutEvents = _outEvents.Native;
        _host.InAudioCall = true;
        Probe.Enter();
        LastProcessStatus = _plugin->Process(_plugin, _process);
        Probe.Exit();
        _host.InAudioCall = false;
        _steadyTime += frames;
        if (LastProcessStatus == ClapProcessStatus.Error)
            throw new InvalidOperationException("process returned CLAP_PROCESS_ERROR");
        ServeMainThreadCallbacks();
    }

    int _callbacksServed;

    /// A host answers request_callback by calling on_main_thread from its main thread soon
    /// after; this harness's main thread is the caller, between process calls.
    public void ServeMainThreadCallbacks()
    {
        int requested = Volatile.Read(ref _host.CallbackRequests);
        if (requested == _callbacksServed) return;
        _callbacksServed = requested;
        _plugin->OnMainThread(_plugin);
    }

    public bool SetParameter(uint id, double value)
    {
        if (_params == null) return false;
        _inEvents.Fill([new ParameterChange(0, id, value)]);
        if (!IsActive)
        {
            _params->Flush(_plugin, _inEvents.Native, _outEvents.Native);
            return true;
        }
        // Active: flush is an audio-thread call and only legal while not processing, so pause
        // processing around it as a host does when the transport is stopped.
        _host.InAudioCall = true;
        if (_processing) _plugin->StopProcessing(_plugin);
        _params->Flush(_plugin, _inEvents.Native, _outEvents.Native);
        _processing = _plugin->StartProcessing(_plugin);
        _host.InAudioCall = false;
        return _processing;
    }

    public double GetParameter(uint id)
    {
        double value;
        if (_params == null || !_params->GetValue(_plugin, id, &value))
            throw new InvalidOperationException($"params.get_value({id}) failed");
        return value;
    }

    public string? ValueToText(uint id, double value)
    {
        if (_params == null || _params->ValueToText == null) return null;
        byte* buffer = stackalloc byte[256];
        return _params->ValueToText(_plugin, id, value, buffer, 256) ? Utf8Strings.ReadFixed(buffer, 256) : null;
    }

    public double? TextToValue(uint id, string text)
    {
        if (_params == null || _params->TextToValue == null) return null;
        double value;
        fixed (byte* utf8 = System.Text.Encoding.UTF8.GetBytes(text + "\0"))
            return _params->TextToValue(_plugin, id, utf8, &value) ? value : null;
    }

    public byte[]? SaveState()
    {
        if (_state == null) return null;
        using var stream = new ClapMemoryOutputStream();
        return _state->Save(_plugin, stream.Native) ? stream.ToArray() : null;
    }

    public bool LoadState(byte[] state, int readChunk = int.MaxValue)
    {
        if (_state == null) return false;
        using var stream = new ClapMemoryInputStream(state, readChunk);
        return _state->Load(_plugin, stream.Native);
    }

    /// The presets preset discovery lists for this plugin's id, in the order the provider reported them.
    public IReadOnlyList<ClapPresetEntry> PresetEntries =>
        ClapPresetDiscoveryClient.Scan(_module)?.Presets.Where(p => p.PluginIds.Contains(("clap", Id))).ToList() ?? [];

    public IReadOnlyList<string> Presets => PresetEntries.Select(p => p.Name).ToList();

    /// A listed preset by name, through clap.preset-load from the location preset discovery declared, as a host's
    /// browser loads it (main thread).
    public bool LoadPreset(string name)
    {
        var index = ClapPresetDiscoveryClient.Scan(_module);
        var location = index?.Providers.SelectMany(p => p.Locations).FirstOrDefault(l => l.Presets.Any(e => e.Name == name && e.PluginIds.Contains(("clap", Id))));
        if (location is null) return false;
        return LoadPresetFrom(location.Kind, location.Location, location.Presets.First(e => e.Name == name).LoadKey);
    }

    /// clap.preset-load's from_location with exactly these arguments; false without the extension.
    public bool LoadPresetFrom(uint kind, string? location, string loadKey)
    {
        if (_presetLoad == null) return false;
        fixed (byte* path = location is null ? null : System.Text.Encoding.UTF8.GetBytes(location + "\0"))
        fixed (byte* key = System.Text.Encoding.UTF8.GetBytes(loadKey + "\0"))
            return _presetLoad->FromLocation(_plugin, kind, location is null ? null : path, key);
    }

    public void Reset()
    {
        _host.InAudioCall = true;
        _plugin->Reset(_plugin);
        _host.InAudioCall = false;
    }

    /// What a host does after request_restart: deactivate, then activate again with the same
    /// settings so the plugin may report its new latency.
    public void Restart(double sampleRate, int maxBlock)
    {
        Deactivate();
        Activate(sampleRate, maxBlock);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Deactivate();
        _plugin->Destroy(_plugin);
        _inEvents.Dispose();
        _outEvents.Dispose();
        NativeMemory.Free(_audioIn);
        NativeMemory.Free(_audioOut);
        NativeMemory.Free(_process);
        _host.Dispose();
    }
}
