using System.Runtime.InteropServices;
using PercepNet.HostTest.Hosting;

namespace PercepNet.HostTest.Clap;

/// clap_input_events_t holding parameter value events, in preallocated native memory so that
/// filling it and the plugin's size()/get() calls never allocate on the audio thread.
public sealed unsafe class ClapInputEventList : IDisposable
{
    public ClapInputEvents* Native { get; }
    readonly ClapEventParamValue* _events;
    readonly int _capacity;
    int _count;
    GCHandle _self;

    public ClapInputEventList(int capacity = 8192)
    {
        _capacity = capacity;
        _events = (ClapEventParamValue*)NativeMemory.AllocZeroed((nuint)(capacity * sizeof(ClapEventParamValue)));
        _self = GCHandle.Alloc(this);
        Native = (ClapInputEvents*)NativeMemory.AllocZeroed((nuint)sizeof(ClapInputEvents));
        Native->Ctx = (void*)GCHandle.ToIntPtr(_self);
        Native->Size = &Size;
        Native->Get = &Get;
    }

    public void Fill(ReadOnlySpan<ParameterChange> changes)
    {
        if (changes.Length > _capacity) throw new ArgumentException($"more than {_capacity} events in one block");
        for (int i = 0; i < changes.Length; i++)
        {
            ref ClapEventParamValue e = ref _events[i];
            e.Header.Size = (uint)sizeof(ClapEventParamValue);
            e.Header.Time = (uint)changes[i].SampleOffset;
            e.Header.SpaceId = ClapEventHeader.CoreEventSpace;
            e.Header.Type = ClapEventHeader.ParamValueType;
            e.Header.Flags = 0;
            e.ParamId = changes[i].ParameterId;
            e.Cookie = null;
            // -1 everywhere: the value applies to the parameter globally, not per note/channel.
            e.NoteId = -1;
            e.PortIndex = -1;
            e.Channel = -1;
            e.Key = -1;
            e.Value = changes[i].Value;
        }
        _count = changes.Length;
    }

    static ClapInputEventList Self(ClapInputEvents* list) => (ClapInputEventList)GCHandle.FromIntPtr((IntPtr)list->Ctx).Target!;

    [UnmanagedCallersOnly]
    static uint Size(ClapInputEvents* list) => (uint)Self(list)._count;

    [UnmanagedCallersOnly]
    static ClapEventHeader* Get(ClapInputEvents* list, uint index)
    {
        var self = Self(list);
        return index < (uint)self._count ? &self._events[index].Header : null;
    }

    public void Dispose()
    {
        if (_self.IsAllocated) _self.Free();
        NativeMemory.Free(_events);
        NativeMemory.Free(Native);
    }
}

/// clap_output_events_t that accepts and counts what the plugin pushes (e.g. gesture or value
/// events from its own UI); the harness has no UI, so they are only counted.
public sealed unsafe class ClapOutputEventList : IDisposable
{
    public ClapOutputEvents* Native { get; }
    GCHandle _self;
    public int Pushed;

    public ClapOutputEventList()
    {
        _self = GCHandle.Alloc(this);
        Native = (ClapOutputEvents*)NativeMemory.AllocZeroed((nuint)sizeof(ClapOutputEvents));
        Native->Ctx = (void*)GCHandle.ToIntPtr(_self);
        Native->TryPush = &TryPush;
    }

    [UnmanagedCallersOnly]
    static bool TryPush(ClapOutputEvents* list, ClapEventHeader* header)
    {
        ((ClapOutputEventList)GCHandle.FromIntPtr((IntPtr)list->Ctx).Target!).Pushed++;
        return true;
    }

    public void Dispose()
    {
        if (_self.IsAllocated) _self.Free();
        NativeMemory.Free(Native);
    }
}
