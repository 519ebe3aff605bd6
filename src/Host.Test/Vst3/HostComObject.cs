using System.Runtime.InteropServices;

namespace PercepNet.HostTest.Vst3;

/// Base of the host-side objects handed to a VST3 plugin (host context, component handler,
/// streams, parameter changes). The native object is two words: the vtable pointer, then a
/// GCHandle back to this managed object. Lifetime is owned by the harness; AddRef/Release only
/// count so a test can see references the plugin forgot to release.
public abstract unsafe class HostComObject : IDisposable
{
    public void* Native { get; }
    GCHandle _self;
    public int References = 1;

    protected HostComObject(void* vtable)
    {
        _self = GCHandle.Alloc(this);
        var block = (void**)NativeMemory.AllocZeroed((nuint)(2 * sizeof(void*)));
        block[0] = vtable;
        block[1] = (void*)GCHandle.ToIntPtr(_self);
        Native = block;
    }

    protected abstract bool Implements(byte* iid);

    public static T From<T>(void* self) where T : HostComObject =>
        (T)GCHandle.FromIntPtr((IntPtr)((void**)self)[1]).Target!;

    protected static T* AllocVtable<T>() where T : unmanaged => (T*)NativeMemory.AllocZeroed((nuint)sizeof(T));

    protected static void FillUnknown(FUnknownVtbl* vtbl)
    {
        vtbl->QueryInterface = &QueryInterface;
        vtbl->AddRef = &AddRef;
        vtbl->Release = &Release;
    }

    [UnmanagedCallersOnly]
    static int QueryInterface(void* self, byte* iid, void** obj)
    {
        var me = From<HostComObject>(self);
        if (Vst3Iids.FUnknown.Matches(iid) || me.Implements(iid))
        {
            Interlocked.Increment(ref me.References);
            *obj = self;
            return Vst3Result.Ok;
        }
        *obj = null;
        return Vst3Result.NoInterface;
    }

    [UnmanagedCallersOnly]
    static uint AddRef(void* self) => (uint)Interlocked.Increment(ref From<HostComObject>(self).References);

    [UnmanagedCallersOnly]
    static uint Release(void* self) => (uint)Math.Max(0, Interlocked.Decrement(ref From<HostComObject>(self).References));

    public virtual void Dispose()
    {
        if (!_self.IsAllocated) return;
        _self.Free();
        NativeMemory.Free(Native);
    }
}
