using System.Runtime.InteropServices;

namespace PercepNet.HostTest.Vst3;

[StructLayout(LayoutKind.Sequential)]
public unsafe struct IComponentHandlerVtbl
{
    public FUnknownVtbl Unknown;
    public delegate* unmanaged<void*, uint, int> BeginEdit;
    public delegate* unmanaged<void*, uint, double, int> PerformEdit;
    public delegate* unmanaged<void*, uint, int> EndEdit;
    public delegate* unmanaged<void*, int, int> RestartComponent;
}

/// IComponentHandler given to the edit controller: records edits and restartComponent flags
/// (kLatencyChanged is how a VST3 plugin announces a new latency).
public sealed unsafe class ComponentHandler : HostComObject
{
    static readonly IComponentHandlerVtbl* Vtable = CreateVtable();

    public int RestartCalls;
    public int LastRestartFlags;
    public int LatencyChangedCalls;
    /// restartComponent(kParamValuesChanged): the host must re-read every value (after a program change, say).
    public int ParamValuesChangedCalls;
    public int Edits;
    /// Every performEdit, in order: (parameter id, normalized value).
    public readonly List<(uint Id, double Value)> EditLog = new();
    /// Set by the harness while it sets a program-change parameter on the controller the way Ardour 7.3 does, holding
    /// a lock that Ardour's restartComponent takes too: a restartComponent then would hang that host.
    public bool InProgramChange;
    public int RestartsInsideProgramChange;
    /// What the host does with an edit besides recording it; Vst3PluginInstance sets the value back on the controller
    /// right away, as Ardour 7.3 does (performEdit → parameter_changed_externally → get_parameter → setParamNormalized).
    public Action<uint, double>? AfterEdit;

    static IComponentHandlerVtbl* CreateVtable()
    {
        var v = AllocVtable<IComponentHandlerVtbl>();
        FillUnknown(&v->Unknown);
        v->BeginEdit = &BeginEdit;
        v->PerformEdit = &PerformEdit;
        v->EndEdit = &EndEdit;
        v->RestartComponent = &RestartComponent;
        return v;
    }

    public ComponentHandler() : base(Vtable) { }

    protected override bool Implements(byte* iid) => Vst3Iids.IComponentHandler.Matches(iid);

    [UnmanagedCallersOnly]
    static int BeginEdit(void* self, uint id) => Vst3Result.Ok;

    [UnmanagedCallersOnly]
    static int PerformEdit(void* self, uint id, double value)
    {
        var me = From<ComponentHandler>(self);
        Interlocked.Increment(ref me.Edits);
        lock (me.EditLog) me.EditLog.Add((id, value));
        me.AfterEdit?.Invoke(id, value);
        return Vst3Result.Ok;
    }

    [UnmanagedCallersOnly]
    static int EndEdit(void* self, uint id) => Vst3Result.Ok;

    [UnmanagedCallersOnly]
    static int RestartComponent(void* self, int flags)
    {
        var me = From<ComponentHandler>(self);
        Interlocked.Increment(ref me.RestartCalls);
        if (me.InProgramChange) Interlocked.Increment(ref me.RestartsInsideProgramChange);
        me.LastRestartFlags = flags;
        if ((flags & Vst3Constants.RestartLatencyChanged) != 0) Interlocked.Increment(ref me.LatencyChangedCalls);
        if ((flags & Vst3Constants.RestartParamValuesChanged) != 0) Interlocked.Increment(ref me.ParamValuesChangedCalls);
        return Vst3Result.Ok;
    }
}
