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
    int _reportedLatency = -1;

    /// <summary>Built in init (the first call that may talk to the host, so a refusal can be logged there);
    /// CLAP calls nothing but init and destroy before it.</summary>
    public PercepNetProcessor Processor { get; private set; } = null!;
    public int ChannelCount { get; }
    public bool IsActive { get; private set; }

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
    /// Applies one incoming event (from process or params.flush). A lookahead change while
    /// active cannot take effect yet: CLAP allows latency changes only inside activate, so we
    /// ask the host to restart us (ext/latency.h); host->request_restart is thread-safe.
    /// </summary>
    public void HandleEvent(ClapEventHeader* header)
    {
        if (header->SpaceId != ClapEventHeader.CoreSpaceId || header->Type != ClapEventHeader.TypeParamValue) return;
        var e = (ClapEventParamValue*)header;
        int index = Parameters.IndexOf(e->ParamId);
        if (index < 0) return;
        Processor.SetValue(index, e->Value);
        RequestRestartIfLatencyPending();
    }

    public void RequestRestartIfLatencyPending()
    {
        if (IsActive && Processor.LookaheadChangePending && _host->RequestRestart != null)
            _host->RequestRestart(_host);
    }

    /// <summary>Main thread, after a state load: tell the host the values changed.</summary>
    public void AfterStateLoaded()
    {
        if (_hostParams != null && _hostParams->Rescan != null) _hostParams->Rescan(_host, ClapHostParams.RescanValues);
        RequestRestartIfLatencyPending();
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
        self.IsActive = true;
        int latency = self.Processor.LatencySamples;
        // The only moment CLAP lets latency change (ext/latency.h: [main-thread & being-activated]).
        if (self._reportedLatency >= 0 && latency != self._reportedLatency
            && self._hostLatency != null && self._hostLatency->Changed != null)
            self._hostLatency->Changed(self._host);
        self._reportedLatency = latency;
        return 1;
    }

    [UnmanagedCallersOnly]
    static void Deactivate(ClapPlugin* plugin)
    {
        var self = From(plugin);
        if (self is null) return;
        self.IsActive = false;
        self.Processor.Deactivate();
    }

    [UnmanagedCallersOnly]
    static byte StartProcessing(ClapPlugin* plugin) => From(plugin)?.IsActive == true ? (byte)1 : (byte)0;

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
        return null;
    }

    /// <summary>
    /// The audio callback. Parameter events are applied at their sample offsets: the block is
    /// cut at each event time, so automation is sample-accurate up to the engine's hop
    /// granularity (the engine smooths the values).
    /// </summary>
    [UnmanagedCallersOnly]
    static int Process(ClapPlugin* plugin, ClapProcess* process)
    {
        var self = From(plugin);
        if (self is null || process == null || !self.IsActive) return ClapProcessStatus.Error;
        uint frames = process->FramesCount;
        var events = process->InEvents;
        uint eventCount = events != null && events->Size != null && events->Get != null ? events->Size(events) : 0;

        uint position = 0;
        for (uint e = 0; e <= eventCount; e++)
        {
            ClapEventHeader* header = e < eventCount ? events->Get(events, e) : null;
            uint until = header != null ? Math.Min(header->Time, frames) : frames;
            if (until > position)
            {
                self.Render(process, position, until - position);
                position = until;
            }
            if (header != null) self.HandleEvent(header);
        }
        return ClapProcessStatus.Continue;
    }

    void Render(ClapProcess* process, uint offset, uint frames)
    {
        if (process->AudioOutputsCount == 0 || process->AudioOutputs == null) return;
        var output = process->AudioOutputs;
        var input = process->AudioInputsCount > 0 ? process->AudioInputs : null;
        output->ConstantMask = 0;
        if (output->Data32 == null) return;
        for (int c = 0; c < (int)output->ChannelCount; c++)
        {
            var destination = new Span<float>(output->Data32[c] + offset, (int)frames);
            bool hasInput = input != null && input->Data32 != null && c < (int)input->ChannelCount && c < ChannelCount;
            if (!hasInput)
                destination.Clear();
            else if ((input->ConstantMask & (1UL << c)) != 0)
                Processor.ProcessConstant(c, input->Data32[c][0], destination);
            else
                Processor.Process(c, new ReadOnlySpan<float>(input->Data32[c] + offset, (int)frames), destination);
        }
    }
}
