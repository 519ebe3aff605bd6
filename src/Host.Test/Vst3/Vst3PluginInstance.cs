using System.Runtime.InteropServices;
using PercepNet.HostTest.Hosting;
using PercepNet.HostTest.Native;

namespace PercepNet.HostTest.Vst3;

/// One VST3 audio effect, set up in the order the VST3 workflow prescribes: createInstance
/// IComponent → initialize(host) → edit controller (same object, or created from
/// getControllerClassId) → setComponentHandler → controller synced from component state →
/// setBusArrangements → activateBus → setupProcessing → setActive → setProcessing → process.
public sealed unsafe class Vst3PluginInstance : IHostedPlugin
{
    readonly HostApplication _hostApplication = new();
    readonly ComponentHandler _handler = new();
    readonly ParameterChanges _inputChanges = new();
    readonly ParameterChanges _outputChanges = new();
    readonly void* _component;
    readonly void* _processor;
    readonly void* _controller;
    readonly bool _separateController;
    readonly AudioBusBuffers* _inBus;
    readonly AudioBusBuffers* _outBus;
    readonly ProcessData* _data;
    readonly List<ParameterChange> _pending = new();
    public AudioThreadProbe Probe { get; }
    double _sampleRate;
    int _maxBlock;
    bool _processing;
    bool _disposed;

    public PluginFormat Format => PluginFormat.Vst3;
    public string Id { get; }
    public string Name { get; }
    public int Channels { get; }
    public IReadOnlyList<ParameterInfo> Parameters { get; }
    public bool IsActive { get; private set; }
    public ComponentHandler Handler => _handler;
    public bool SeparateController => _separateController;
    /// Silence flags the plugin set on its output bus in the last process call.
    public ulong LastOutputSilenceFlags { get; private set; }
    /// Silence flags the harness sets on the input bus (caller's promise that channels are 0).
    public ulong InputSilenceFlags { get; set; }
    public int ProcessMode { get; set; } = Vst3Constants.ProcessRealtime;

    public Vst3PluginInstance(Vst3Module module, int channels = 2)
    {
        Probe = new AudioThreadProbe(module.Library);
        var effect = module.Classes().FirstOrDefault(c => c.Category == "Audio Module Class")
            ?? throw new InvalidOperationException("the VST3 factory has no 'Audio Module Class'");
        Id = effect.Cid.ToString();
        Name = effect.Name;

        _component = module.CreateInstance(effect.Cid, Vst3Iids.IComponent);
        if (_component == null) throw new InvalidOperationException("createInstance(IComponent) failed");
        Check(Component->Initialize(_component, _hostApplication.Native), "IComponent::initialize");

        _processor = ComPtr.Query(_component, Vst3Iids.IAudioProcessor);
        if (_processor == null) throw new InvalidOperationException("the component does not implement IAudioProcessor");

        _controller = ComPtr.Query(_component, Vst3Iids.IEditController);
        if (_controller == null)
        {
            byte* cid = stackalloc byte[16];
            Check(Component->GetControllerClassId(_component, cid), "getControllerClassId");
            _controller = module.CreateInstance(new Tuid(new ReadOnlySpan<byte>(cid, 16)), Vst3Iids.IEditController);
            if (_controller == null) throw new InvalidOperationException("createInstance(IEditController) failed");
            Check(Controller->Initialize(_controller, _hostApplication.Native), "IEditController::initialize");
            _separateController = true;
        }
        _handler.AfterEdit = (id, value) => Controller->SetParamNormalized(_controller, id, value);
        Check(Controller->SetComponentHandler(_controller, _handler.Native), "setComponentHandler");
        SyncControllerFromComponent();

        Channels = ConfigureBuses(channels);
        Parameters = ReadParameters();

        _inBus = (AudioBusBuffers*)NativeMemory.AllocZeroed((nuint)sizeof(AudioBusBuffers));
        _outBus = (AudioBusBuffers*)NativeMemory.AllocZeroed((nuint)sizeof(AudioBusBuffers));
        _data = (ProcessData*)NativeMemory.AllocZeroed((nuint)sizeof(ProcessData));
    }

    IComponentVtbl* Component => ComPtr.Vtbl<IComponentVtbl>(_component);
    IAudioProcessorVtbl* Processor => ComPtr.Vtbl<IAudioProcessorVtbl>(_processor);
    IEditControllerVtbl* Controller => ComPtr.Vtbl<IEditControllerVtbl>(_controller);

    static void Check(int result, string call)
    {
        if (result != Vst3Result.Ok) throw new InvalidOperationException($"{call} returned {result}");
    }

    /// Asks for the wanted layout and keeps whatever the plugin settles on (hosts then read the
    /// arrangement back, since kResultFalse means "not supported, here is what I use").
    int ConfigureBuses(int channels)
    {
        ulong input = Vst3Constants.Arrangement(channels), output = input;
        Processor->SetBusArrangements(_processor, &input, 1, &output, 1);
        ulong actual;
        Check(Processor->GetBusArrangement(_processor, Vst3Constants.DirectionInput, 0, &actual), "getBusArrangement");
        Check(Component->ActivateBus(_component, Vst3Constants.MediaAudio, Vst3Constants.DirectionInput, 0, 1), "activateBus(in)");
        Check(Component->ActivateBus(_component, Vst3Constants.MediaAudio, Vst3Constants.DirectionOutput, 0, 1), "activateBus(out)");
        return System.Numerics.BitOperations.PopCount(actual);
    }

    public IReadOnlyList<BusInfo> Buses(int mediaType, int direction)
    {
        int count = Component->GetBusCount(_component, mediaType, direction);
        var list = new List<BusInfo>();
        for (int i = 0; i < count; i++)
        {
            BusInfo info;
            Check(Component->GetBusInfo(_component, mediaType, direction, i, &info), "getBusInfo");
            list.Add(info);
        }
        return list;
    }

    List<ParameterInfo> ReadParameters()
    {
        int count = Controller->GetParameterCount(_controller);
        var list = new List<ParameterInfo>();
        for (int i = 0; i < count; i++)
        {
            ParameterInfoNative info;
            Check(Controller->GetParameterInfo(_controller, i, &info), $"getParameterInfo({i})");
            double min = Controller->NormalizedParamToPlain(_controller, info.Id, 0);
            double max = Controller->NormalizedParamToPlain(_controller, info.Id, 1);
            double def = Controller->NormalizedParamToPlain(_controller, info.Id, info.DefaultNormalizedValue);
            list.Add(new ParameterInfo(info.Id, Utf8Strings.ReadUtf16Fixed(info.Title, 128), min, max, def,
                info.StepCount > 0, (info.Flags & Vst3Constants.ParameterIsBypass) != 0,
                (info.Flags & Vst3Constants.ParameterIsReadOnly) != 0, (info.Flags & Vst3Constants.ParameterCanAutomate) != 0,
                (info.Flags & Vst3Constants.ParameterIsProgramChange) != 0));
        }
        return list;
    }

    public int LatencySamples => (int)Processor->GetLatencySamples(_processor);
    public int LatencyChangeRequests => _handler.LatencyChangedCalls;
    public int TailSamples => (int)Processor->GetTailSamples(_processor);

    public void Activate(double sampleRate, int maxBlock)
    {
        if (IsActive) throw new InvalidOperationException("already active");
        _sampleRate = sampleRate;
        _maxBlock = maxBlock;
        var setup = new ProcessSetup
        {
            ProcessMode = ProcessMode, SymbolicSampleSize = Vst3Constants.Sample32,
            MaxSamplesPerBlock = maxBlock, SampleRate = sampleRate,
        };
        if (Processor->CanProcessSampleSize(_processor, Vst3Constants.Sample32) != Vst3Result.Ok)
            throw new InvalidOperationException("canProcessSampleSize(kSample32) refused");
        Check(Processor->SetupProcessing(_processor, &setup), "setupProcessing");
        Check(Component->SetActive(_component, 1), "setActive(true)");
        IsActive = true;
        // setProcessing may legally answer kNotImplemented; anything else is a failure.
        int result = Processor->SetProcessing(_processor, 1);
        if (result != Vst3Result.Ok && result != Vst3Result.NotImplemented) Check(result, "setProcessing(true)");
        _processing = true;
    }

    public void Deactivate()
    {
        if (!IsActive) return;
        if (_processing) Processor->SetProcessing(_processor, 0);
        _processing = false;
        Check(Component->SetActive(_component, 0), "setActive(false)");
        IsActive = false;
    }

    /// Handles restartComponent(kLatencyChanged) the way hosts do: off and on again.
    public void Restart()
    {
        Deactivate();
        Activate(_sampleRate, _maxBlock);
    }

    public void Process(float** inputs, float** outputs, int frames, ReadOnlySpan<ParameterChange> changes)
    {
        if (!IsActive) throw new InvalidOperationException("Process before Activate");
        _inputChanges.Clear();
        _outputChanges.Clear();
        foreach (ParameterChange c in _pending) _inputChanges.Add(c.ParameterId, 0, c.Value);
        _pending.Clear();
        // Plain → normalized goes through the controller, as a host's automation lane does.
        foreach (ParameterChange c in changes)
            _inputChanges.Add(c.ParameterId, c.SampleOffset, Controller->PlainParamToNormalized(_controller, c.ParameterId, c.Value));

        bool flushOnly = frames == 0 && inputs == null;
        _inBus->NumChannels = Channels;
        _inBus->SilenceFlags = InputSilenceFlags;
        _inBus->ChannelBuffers32 = inputs;
        _outBus->NumChannels = Channels;
        _outBus->SilenceFlags = 0;
        _outBus->ChannelBuffers32 = outputs;
        _data->ProcessMode = ProcessMode;
        _data->SymbolicSampleSize = Vst3Constants.Sample32;
        _data->NumSamples = frames;
        _data->NumInputs = flushOnly ? 0 : 1;
        _data->NumOutputs = flushOnly ? 0 : 1;
        _data->Inputs = flushOnly ? null : _inBus;
        _data->Outputs = flushOnly ? null : _outBus;
        _data->InputParameterChanges = _inputChanges.Native;
        _data->OutputParameterChanges = _outputChanges.Native;
        _data->InputEvents = null;
        _data->OutputEvents = null;
        _data->ProcessContext = null;
        int result;
        Probe.Enter();
        result = Processor->Process(_processor, _data);
        Probe.Exit();
        LastOutputSilenceFlags = _outBus->SilenceFlags;
        if (result != Vst3Result.Ok) throw new InvalidOperationException($"IAudioProcessor::process returned {result}");
        // Hosts mirror automation into the edit controller (their UI thread), so the
        // controller shows what the processor now uses.
        foreach (ParameterChange c in changes)
            Controller->SetParamNormalized(_controller, c.ParameterId, Controller->PlainParamToNormalized(_controller, c.ParameterId, c.Value));
    }

    /// Sets the controller value and delivers it to the processor: immediately through a
    /// parameter-only process call (numSamples 0, no buses) when active, else with the next block.
    public bool SetParameter(uint id, double value)
    {
        double normalized = Controller->PlainParamToNormalized(_controller, id, value);
        if (Controller->SetParamNormalized(_controller, id, normalized) != Vst3Result.Ok) return false;
        _pending.Add(new ParameterChange(0, id, normalized));
        if (IsActive) Process(null, null, 0, default);
        return true;
    }

    public double GetParameter(uint id) =>
        Controller->NormalizedParamToPlain(_controller, id, Controller->GetParamNormalized(_controller, id));

    public string? ValueToText(uint id, double value)
    {
        char* text = stackalloc char[128];
        double normalized = Controller->PlainParamToNormalized(_controller, id, value);
        return Controller->GetParamStringByValue(_controller, id, normalized, text) == Vst3Result.Ok
            ? Utf8Strings.ReadUtf16Fixed(text, 128) : null;
    }

    public double? TextToValue(uint id, string text)
    {
        char* buffer = stackalloc char[128];
        Utf8Strings.WriteUtf16Fixed(text, buffer, 128);
        double normalized;
        return Controller->GetParamValueByString(_controller, id, buffer, &normalized) == Vst3Result.Ok
            ? Controller->NormalizedParamToPlain(_controller, id, normalized) : null;
    }

    public byte[]? SaveState()
    {
        using var stream = new MemoryBStream();
        return Component->GetState(_component, stream.Native) == Vst3Result.Ok ? stream.ToArray() : null;
    }

    public bool LoadState(byte[] state, int readChunk = int.MaxValue)
    {
        using var stream = new MemoryBStream(state, readChunk);
        if (Component->SetState(_component, stream.Native) != Vst3Result.Ok) return false;
        SyncControllerFromComponent();
        return true;
    }

    /// The controller learns the processor's state through setComponentState, as after a load;
    /// hosts do this for single-object effects too.
    void SyncControllerFromComponent()
    {
        using var stream = new MemoryBStream();
        if (Component->GetState(_component, stream.Native) != Vst3Result.Ok) return;
        using var copy = new MemoryBStream(stream.ToArray());
        Controller->SetComponentState(_controller, copy.Native);
    }

    /// The edit controller's IUnitInfo, or null when it has none.
    public void* UnitInfo => ComPtr.Query(_controller, Vst3Iids.IUnitInfo);

    public sealed record UnitDescription(int Id, int ParentId, string Name, int ProgramListId);
    public sealed record ProgramList(int Id, string Name, IReadOnlyList<string> Programs);

    /// Every unit and every program list, read through IUnitInfo as a host's program browser does.
    public (IReadOnlyList<UnitDescription> Units, IReadOnlyList<ProgramList> Lists) UnitsAndPrograms()
    {
        void* unitInfo = UnitInfo;
        if (unitInfo == null) return ([], []);
        try
        {
            var v = ComPtr.Vtbl<IUnitInfoVtbl>(unitInfo);
            var units = new List<UnitDescription>();
            for (int i = 0, n = v->GetUnitCount(unitInfo); i < n; i++)
            {
                UnitInfoNative info;
                Check(v->GetUnitInfo(unitInfo, i, &info), $"getUnitInfo({i})");
                units.Add(new UnitDescription(info.Id, info.ParentUnitId, Utf8Strings.ReadUtf16Fixed(info.Name, 128), info.ProgramListId));
            }
            var lists = new List<ProgramList>();
            char* name = stackalloc char[128];
            for (int i = 0, n = v->GetProgramListCount(unitInfo); i < n; i++)
            {
                ProgramListInfoNative info;
                Check(v->GetProgramListInfo(unitInfo, i, &info), $"getProgramListInfo({i})");
                var programs = new List<string>();
                for (int p = 0; p < info.ProgramCount; p++)
                {
                    Check(v->GetProgramName(unitInfo, info.Id, p, name), $"getProgramName({info.Id}, {p})");
                    programs.Add(Utf8Strings.ReadUtf16Fixed(name, 128));
                }
                lists.Add(new ProgramList(info.Id, Utf8Strings.ReadUtf16Fixed(info.Name, 128), programs));
            }
            return (units, lists);
        }
        finally
        {
            ComPtr.Release(unitInfo);
        }
    }

    /// The program-change parameter (kIsProgramChange), or null.
    public ParameterInfo? ProgramChangeParameter => Parameters.FirstOrDefault(p => p.IsProgramChange);

    /// The programs of the root unit's program list, which its program-change parameter selects: what hosts list as
    /// the plugin's factory presets.
    public IReadOnlyList<string> Presets
    {
        get
        {
            var (units, lists) = UnitsAndPrograms();
            var root = units.FirstOrDefault(u => u.Id == Vst3Constants.RootUnitId);
            if (root is null || ProgramChangeParameter is null) return [];
            return lists.FirstOrDefault(l => l.Id == root.ProgramListId)?.Programs ?? [];
        }
    }

    /// A host's program change, as Ardour's load_preset makes it: the program-change parameter set to the program's
    /// index on the controller, while the host holds the lock Ardour 7.3 holds there (ComponentHandler.InProgramChange
    /// counts a restartComponent inside it, which hangs that host), and sent to the processor (a parameter-only process
    /// call while active, else with the next block).
    public bool LoadPreset(string name)
    {
        int index = Presets.ToList().IndexOf(name);
        if (index < 0 || ProgramChangeParameter is not { } program) return false;
        double normalized = Controller->PlainParamToNormalized(_controller, program.Id, index);
        _handler.InProgramChange = true;
        try
        {
            if (Controller->SetParamNormalized(_controller, program.Id, normalized) != Vst3Result.Ok) return false;
        }
        finally
        {
            _handler.InProgramChange = false;
        }
        _pending.Add(new ParameterChange(0, program.Id, normalized));
        if (IsActive) Process(null, null, 0, default);
        return true;
    }

    /// VST3 has no reset call: hosts reset a plugin by deactivating and reactivating it.
    public void Reset()
    {
        if (IsActive) Restart();
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Deactivate();
        Controller->SetComponentHandler(_controller, null);
        if (_separateController)
        {
            Controller->Terminate(_controller);
            ComPtr.Release(_controller);
        }
        else
        {
            ComPtr.Release(_controller);
        }
        ComPtr.Release(_processor);
        Component->Terminate(_component);
        ComPtr.Release(_component);
        NativeMemory.Free(_inBus);
        NativeMemory.Free(_outBus);
        NativeMemory.Free(_data);
        _inputChanges.Dispose();
        _outputChanges.Dispose();
        _handler.Dispose();
        _hostApplication.Dispose();
    }
}
