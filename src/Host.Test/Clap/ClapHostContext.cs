using System.Runtime.InteropServices;
using PercepNet.HostTest.Native;

namespace PercepNet.HostTest.Clap;

/// The clap_host_t we give to one plugin instance, plus the host extensions it may query
/// (log, latency, params, state, thread-check, preset-load). Callbacks only record what the plugin asked
/// for; the harness acts on them from its own "main thread" (the caller), as a DAW would.
public sealed unsafe class ClapHostContext : IDisposable
{
    public ClapHost* Host { get; }
    GCHandle _self;
    readonly int _mainThreadId = Environment.CurrentManagedThreadId;

    public int RestartRequests;
    public int ProcessRequests;
    public int CallbackRequests;
    public int LatencyChangedCalls;
    public int ParamRescans;
    public int FlushRequests;
    public int DirtyMarks;
    /// What the plugin told clap_host_preset_load: the load keys it reports loaded, and its errors.
    public readonly List<string> PresetsLoaded = new();
    public readonly List<string> PresetErrors = new();
    /// Set by the harness around process calls so thread-check can answer truthfully.
    public volatile bool InAudioCall;
    public readonly List<string> LogMessages = new();

    static readonly ClapHostLog* LogExtension;
    static readonly ClapHostLatency* LatencyExtension;
    static readonly ClapHostParams* ParamsExtension;
    static readonly ClapHostState* StateExtension;
    static readonly ClapHostThreadCheck* ThreadCheckExtension;
    static readonly ClapHostPresetLoad* PresetLoadExtension;

    static ClapHostContext()
    {
        LogExtension = Alloc<ClapHostLog>();
        LogExtension->Log = &OnLog;
        LatencyExtension = Alloc<ClapHostLatency>();
        LatencyExtension->Changed = &OnLatencyChanged;
        ParamsExtension = Alloc<ClapHostParams>();
        ParamsExtension->Rescan = &OnParamsRescan;
        ParamsExtension->Clear = &OnParamsClear;
        ParamsExtension->RequestFlush = &OnRequestFlush;
        StateExtension = Alloc<ClapHostState>();
        StateExtension->MarkDirty = &OnMarkDirty;
        ThreadCheckExtension = Alloc<ClapHostThreadCheck>();
        ThreadCheckExtension->IsMainThread = &OnIsMainThread;
        ThreadCheckExtension->IsAudioThread = &OnIsAudioThread;
        PresetLoadExtension = Alloc<ClapHostPresetLoad>();
        PresetLoadExtension->OnError = &OnPresetError;
        PresetLoadExtension->Loaded = &OnPresetLoaded;
    }

    static T* Alloc<T>() where T : unmanaged => (T*)NativeMemory.AllocZeroed((nuint)sizeof(T));

    public ClapHostContext()
    {
        _self = GCHandle.Alloc(this);
        Host = Alloc<ClapHost>();
        Host->ClapVersion = ClapVersion.Current;
        Host->HostData = (void*)GCHandle.ToIntPtr(_self);
        Host->Name = Utf8Strings.Intern("percepnet-host");
        Host->Vendor = Utf8Strings.Intern("PercepNet.Plugin test harness");
        Host->Url = Utf8Strings.Intern("https://example.invalid/percepnet-host");
        Host->Version = Utf8Strings.Intern("1.0.0");
        Host->GetExtension = &OnGetExtension;
        Host->RequestRestart = &OnRequestRestart;
        Host->RequestProcess = &OnRequestProcess;
        Host->RequestCallback = &OnRequestCallback;
    }

    static ClapHostContext? From(ClapHost* host) =>
        host == null || host->HostData == null ? null : GCHandle.FromIntPtr((IntPtr)host->HostData).Target as ClapHostContext;

    [UnmanagedCallersOnly]
    static void* OnGetExtension(ClapHost* host, byte* id)
    {
        return Utf8Strings.Read(id) switch
        {
            ClapExtensionIds.Log => LogExtension,
            ClapExtensionIds.Latency => LatencyExtension,
            ClapExtensionIds.Params => ParamsExtension,
            ClapExtensionIds.State => StateExtension,
            ClapExtensionIds.ThreadCheck => ThreadCheckExtension,
            ClapExtensionIds.PresetLoad => PresetLoadExtension,
            _ => null,
        };
    }

    [UnmanagedCallersOnly]
    static void OnRequestRestart(ClapHost* host) { if (From(host) is { } c) Interlocked.Increment(ref c.RestartRequests); }

    [UnmanagedCallersOnly]
    static void OnRequestProcess(ClapHost* host) { if (From(host) is { } c) Interlocked.Increment(ref c.ProcessRequests); }

    [UnmanagedCallersOnly]
    static void OnRequestCallback(ClapHost* host) { if (From(host) is { } c) Interlocked.Increment(ref c.CallbackRequests); }

    [UnmanagedCallersOnly]
    static void OnLog(ClapHost* host, int severity, byte* message)
    {
        if (From(host) is not { } c) return;
        lock (c.LogMessages) c.LogMessages.Add($"[{severity}] {Utf8Strings.Read(message)}");
    }

    [UnmanagedCallersOnly]
    static void OnLatencyChanged(ClapHost* host) { if (From(host) is { } c) Interlocked.Increment(ref c.LatencyChangedCalls); }

    [UnmanagedCallersOnly]
    static void OnParamsRescan(ClapHost* host, uint flags) { if (From(host) is { } c) Interlocked.Increment(ref c.ParamRescans); }

    [UnmanagedCallersOnly]
    static void OnParamsClear(ClapHost* host, uint paramId, uint flags) { }

    [UnmanagedCallersOnly]
    static void OnRequestFlush(ClapHost* host) { if (From(host) is { } c) Interlocked.Increment(ref c.FlushRequests); }

    [UnmanagedCallersOnly]
    static void OnPresetLoaded(ClapHost* host, uint kind, byte* location, byte* loadKey)
    {
        if (From(host) is { } c) lock (c.PresetsLoaded) c.PresetsLoaded.Add(Utf8Strings.Read(loadKey));
    }

    [UnmanagedCallersOnly]
    static void OnPresetError(ClapHost* host, uint kind, byte* location, byte* loadKey, int osError, byte* message)
    {
        if (From(host) is { } c) lock (c.PresetErrors) c.PresetErrors.Add($"{Utf8Strings.Read(loadKey)}: {Utf8Strings.Read(message)}");
    }

    [UnmanagedCallersOnly]
    static void OnMarkDirty(ClapHost* host) { if (From(host) is { } c) Interlocked.Increment(ref c.DirtyMarks); }

    [UnmanagedCallersOnly]
    static bool OnIsMainThread(ClapHost* host) =>
        From(host) is { } c && !c.InAudioCall && Environment.CurrentManagedThreadId == c._mainThreadId;

    [UnmanagedCallersOnly]
    static bool OnIsAudioThread(ClapHost* host) => From(host) is { } c && c.InAudioCall;

    public void Dispose()
    {
        // The clap_host struct must outlive the plugin; the owner destroys the plugin first.
        if (_self.IsAllocated) _self.Free();
        NativeMemory.Free(Host);
    }
}
