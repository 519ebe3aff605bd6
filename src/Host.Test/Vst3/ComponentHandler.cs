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
    public int Edits;

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
        Interlocked.Increment(ref From<ComponentHandler>(self).Edits);
        return Vst3Result.Ok;
    }

    [UnmanagedCallersOnly]
    static int EndEdit(void* self, uint id) => Vst3Result.Ok;

    [UnmanagedCallersOnly]
    static int RestartComponent(void* self, int flags)
    {
        var me = From<ComponentHandler>(self);
        Interlocked.Increment(ref me.RestartCalls);
        me.LastRestartFlags = flags;
        if ((flags & Vst3Constants.RestartLatencyChanged) != 0) Interlocked.Increment(ref me.LatencyChangedCalls);
        return Vst3Result.Ok;
    }
}
