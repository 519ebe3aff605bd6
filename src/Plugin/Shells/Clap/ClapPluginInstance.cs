using System.Runtime.InteropServices;
using PercepNet.Plugin.Core;

namespace PercepNet.Plugin.Shells.Clap;

/// <summary>
/// One CLAP plug-in instance: the clap_plugin_t the host holds (in unmanaged memory, its
/// plugin_data a GC handle back to this object) translated into <see cref="PercepNetProcessor"/>
/// calls. Thread rules are CLAP's (plugin.h): everything here runs on the main thread except
/// process/reset/start/stop_processing (audio thread), which never allocate, lock or throw.
/// </summary>
internal sealed unsafe class ClapPluginInstance
{
    readonly ClapPlugin* _plugin;
    readonly ClapHost* _host;
    GCHandle _self;
    ClapHostLatency* _hostLatency;
    ClapHostParams* _hostParams;
    ClapHostLog* _hostLog;
    ClapHostPresetLoad* _hostPresetLoad;
    int _reportedLatency = -1;

    /// <summary>Built in init (the first call that may talk to the host, so a refusal can be logged there);
    /// CLAP calls nothing but init and destroy before it.</summary>
    public PercepNetProcessor Processor { get; private set; } = null!;
    public int ChannelCount { get; }
    /// <summary>This instance's event translation buffer: process and params.flush never run at once (CLAP threading).</summary>
    readonly ParameterChangeList _changes = new();

    ClapPluginInstance(ClapHost* host, ClapPluginDescriptor* descriptor, int channelCount)
    {
        _host = host;
        ChannelCount = channelCount;
        _self = GCHandle.Alloc(this);
        _plugin = (ClapPlugin*)NativeMemory.AllocZeroed((nuint)sizeof(ClapPlugin));
        _plugin->Desc = descriptor;
        _plugin->PluginData = (void*)GCHandle.ToIntPtr(_self);
        _plugin->Init = &Init;
        _plugin->Destroy = &Destroy;
        _plugin->Activate = &Activate;
        _plugin->Deactivate = &Deactivate;
        _plugin->StartProcessing = &StartProcessing;
        _plugin->StopProcessing = &StopProcessing;
        _plugin->Reset = &Reset;
        _plugin->Process = &Process;
        _plugin->GetExtension = &GetExtension;
        _plugin->OnMainThread = &OnMainThread;
    }

    public static ClapPlugin* Create(ClapHost* host, ClapPluginDescriptor* descriptor, int channelCount)
        => new ClapPluginInstance(host, descriptor, channelCount)._plugin;

    /// <summary>Main thread: a message for the host's log (ext/log.h), or nothing when the host has no log: a plug-in
    /// never writes to the host's stderr.</summary>
    void Log(LogSeverity severity, string message)
    {
        if (_hostLog == null || _hostLog->Log == null) return;
        var utf8 = System.Text.Encoding.UTF8.GetBytes(message + "\0");
        fixed (byte* text = utf8) _hostLog->Log(_host, (int)severity, text);
    }

    public static ClapPluginInstance? From(ClapPlugin* plugin)
        => plugin == null || plugin->PluginData == null ? null
            : GCHandle.FromIntPtr((nint)plugin->PluginData).Target as ClapPluginInstance;

    /// <summary>
    /// Translates CLAP's input events (already in time order, events.h) into the block's parameter changes and runs
    /// the block; params.flush comes here too, with no audio. A lookahead change while active cannot take effect
    /// yet: CLAP allows latency changes only inside activate, so we ask the host to restart us (ext/latency.h);
    /// host->request_restart is thread-safe.
    /// </summary>
    public void Run(in AudioBlock block, ClapInputEvents* events)
    {
        _changes.Clear();
        uint count = events != null && events->Size != null && events->Get != null ? events->Size(events) : 0;
        for (uint i = 0; i < count; i++)
        {
            var header = events->Get(events, i);
            if (header == null || header->SpaceId != ClapEventHeader.CoreSpaceId || header->Type != ClapEventHeader.TypeParamValue) continue;
            var e = (ClapEventParamValue*)header;
            _changes.Add((int)Math.Min(header->Time, int.MaxValue), Parameters.IndexOf(e->ParamId), e->Value);
        }
        if (Processor.Process(block, _changes.Changes) == ProcessStatus.RestartNeeded) RequestRestart();
    }

    void RequestRestart()
    {
        if (_host->RequestRestart != null) _host->RequestRestart(_host);
    }

    /// <summary>Main thread, after a state or preset load: tell the host the values changed, and ask for the restart a
    /// new lookahead needs.</summary>
    public void AfterValuesLoaded()
    {
        if (_hostParams != null && _hostParams->Rescan != null) _hostParams->Rescan(_host, ClapHostParams.RescanValues);
        if (Processor.IsActive && Processor.LookaheadChangePending) RequestRestart();
    }

    /// <summary>Main thread: the host's preset-load extension learns which preset is loaded (its browser and ours stay
    /// in step).</summary>
    public void PresetLoaded(uint kind, byte* location, byte* loadKey)
    {
        if (_hostPresetLoad != null && _hostPresetLoad->Loaded != null) _hostPresetLoad->Loaded(_host, kind, location, loadKey);
    }

    /// <summary>Main thread: a preset that could not load, told to the host's preset-load extension (or its log).</summary>
    public void PresetLoadFailed(uint kind, byte* location, byte* loadKey, string message)
    {
        if (_hostPresetLoad == null || _hostPresetLoad->OnError == null)
        {
            Log(LogSeverity.Error, message);
            return;
        }
        var utf8 = System.Text.Encoding.UTF8.GetBytes(message + "\0");
        fixed (byte* text = utf8) _hostPresetLoad->OnError(_host, kind, location, loadKey, 0, text);
    }

    /// <summary>host->get_extension for an id given without its terminating NUL.</summary>
    static void* HostExtension(ClapHost* host, ReadOnlySpan<byte> id)
    {
        Span<byte> text = stackalloc byte[id.Length + 1];
        id.CopyTo(text);
        text[^1] = 0;
        fixed (byte* p = text) return host->GetExtension(host, p);
    }

    [UnmanagedCallersOnly]
    static byte Init(ClapPlugin* plugin)
    {
        var self = From(plugin);
        if (self is null) return 0;
        var host = self._host;
        if (host->GetExtension != null)
        {
            fixed (byte* latency = "clap.latency\0"u8, parameters = "clap.params\0"u8, log = "clap.log\0"u8)
            {
                self._hostLatency = (ClapHostLatency*)host->GetExtension(host, latency);
                self._hostParams = (ClapHostParams*)host->GetExtension(host, parameters);
                self._hostLog = (ClapHostLog*)host->GetExtension(host, log);
            }
            self._hostPresetLoad = (ClapHostPresetLoad*)HostExtension(host, ClapStrings.ExtPresetLoad);
            if (self._hostPresetLoad == null) self._hostPresetLoad = (ClapHostPresetLoad*)HostExtension(host, ClapStrings.ExtPresetLoadCompat);
        }
        // Without the shipped model the host shows a failed instantiation, and its log says why.
        var processor = SharedModel.CreateProcessor(self.Log);
        if (processor is null) return 0;
        self.Processor = processor;
        return 1;
    }

    [UnmanagedCallersOnly]
    static void Destroy(ClapPlugin* plugin)
    {
        var self = From(plugin);
        if (self is null) return;
        self.Processor?.Deactivate();
        self._self.Free();
        NativeMemory.Free(self._plugin);
    }

    [UnmanagedCallersOnly]
    static byte Activate(ClapPlugin* plugin, double sampleRate, uint minFrames, uint maxFrames)
    {
        var self = From(plugin);
        if (self is null) return 0;
        try
        {
            if (!self.Processor.Activate(sampleRate, self.ChannelCount)) return 0;
        }
        catch (Exception e)
        {
            self.Log(LogSeverity.Error, "PercepNet: activate failed: " + e.GetType().Name);
            return 0;
        }
        int latency = self.Processor.LatencySamples;
        // The only moment CLAP lets latency change (ext/latency.h: [main-thread & being-activated]).
        if (self._reportedLatency >= 0 && latency != self._reportedLatency
            && self._hostLatency != null && self._hostLatency->Changed != null)
            self._hostLatency->Changed(self._host);
        self._reportedLatency = latency;
        return 1;
    }

    [UnmanagedCallersOnly]
    static void Deactivate(ClapPlugin* plugin) => From(plugin)?.Processor.Deactivate();

    [UnmanagedCallersOnly]
    static byte StartProcessing(ClapPlugin* plugin) => From(plugin)?.Processor.IsActive == true ? (byte)1 : (byte)0;

    [UnmanagedCallersOnly]
    static void StopProcessing(ClapPlugin* plugin) { }

    [UnmanagedCallersOnly]
    static void Reset(ClapPlugin* plugin) => From(plugin)?.Processor.Reset();

    [UnmanagedCallersOnly]
    static void OnMainThread(ClapPlugin* plugin) { }

    [UnmanagedCallersOnly]
    static void* GetExtension(ClapPlugin* plugin, byte* id)
    {
        if (NativeText.EqualsUtf8(id, ClapStrings.ExtAudioPorts)) return ClapAudioPortsExtension.Table;
        if (NativeText.EqualsUtf8(id, ClapStrings.ExtParams)) return ClapParamsExtension.Table;
        if (NativeText.EqualsUtf8(id, ClapStrings.ExtState)) return ClapStateExtension.Table;
        if (NativeText.EqualsUtf8(id, ClapStrings.ExtLatency)) return ClapLatencyExtension.LatencyTable;
        if (NativeText.EqualsUtf8(id, ClapStrings.ExtTail)) return ClapLatencyExtension.TailTable;
        if (NativeText.EqualsUtf8(id, ClapStrings.ExtPresetLoad) || NativeText.EqualsUtf8(id, ClapStrings.ExtPresetLoadCompat))
            return ClapPresetLoadExtension.Table;
        return null;
    }

    /// <summary>The audio callback: CLAP's buffers and events as one block (parameter events land at their sample).</summary>
    [UnmanagedCallersOnly]
    static int Process(ClapPlugin* plugin, ClapProcess* process)
    {
        var self = From(plugin);
        if (self is null || process == null || !self.Processor.IsActive) return ClapProcessStatus.Error;
        var input = process->AudioInputsCount > 0 ? process->AudioInputs : null;
        var output = process->AudioOutputsCount > 0 ? process->AudioOutputs : null;
        if (output != null) output->ConstantMask = 0;
        var block = new AudioBlock(
            input != null ? input->Data32 : null, input != null ? (int)input->ChannelCount : 0,
            output != null ? output->Data32 : null, output != null ? (int)output->ChannelCount : 0,
            (int)Math.Min(process->FramesCount, int.MaxValue), input != null ? input->ConstantMask : 0);
        self.Run(block, process->InEvents);
        self.SendMeter(process->OutEvents);
        return ClapProcessStatus.Continue;
    }

    /// <summary>The read-only meter reaches the host as a param-value output event (params.h: the plug-in tells the
    /// host about values it changed itself), at the block's start, when it moved by at least 0.05 dB; hosts then
    /// show it as they show automation. Built on the stack: no allocation.</summary>
    void SendMeter(ClapOutputEvents* events)
    {
        float db = Processor.GainReductionDb;
        if (events == null || events->TryPush == null || Math.Abs(db - _sentMeterDb) < 0.05f) return;
        var e = new ClapEventParamValue
        {
            Header = new ClapEventHeader
            {
                Size = (uint)sizeof(ClapEventParamValue), Time = 0, SpaceId = ClapEventHeader.CoreSpaceId,
                Type = ClapEventHeader.TypeParamValue,
            },
            ParamId = (uint)ParameterId.GainReduction, NoteId = -1, PortIndex = -1, Channel = -1, Key = -1, Value = db,
        };
        if (events->TryPush(events, &e.Header) != 0) _sentMeterDb = db;
    }

    float _sentMeterDb = float.NaN;
}
