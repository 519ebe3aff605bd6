using System.Runtime.InteropServices;

namespace PercepNet.Plugin.Shells.Vst3;

/// <summary>
/// What a host holds as a VST3 interface pointer: a C++ object whose first word is its vtable.
/// We add a second word, the GC handle of the managed object behind it, so every interface
/// pointer of one object (component, processor, controller, ...) leads back to that object.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ComInterface
{
    public void** Vtable;
    public nint Handle;
}

/// <summary>
/// Base of our VST3 objects: reference counting and queryInterface shared by all interfaces
/// (FUnknown, base/funknown.h). Each interface is a small unmanaged block (<see cref="ComInterface"/>)
/// made at construction; the object and its blocks are freed when the count reaches zero.
/// </summary>
internal abstract unsafe class ComObject
{
    GCHandle _handle;
    int _refCount = 1;
    readonly List<nint> _interfaces = [];

    protected ComObject() => _handle = GCHandle.Alloc(this);

    /// <summary>An interface pointer of this object for a vtable built with <see cref="BuildVtable"/>.</summary>
    protected ComInterface* AddInterface(void** vtable)
    {
        var block = (ComInterface*)NativeMemory.AllocZeroed((nuint)sizeof(ComInterface));
        block->Vtable = vtable;
        block->Handle = GCHandle.ToIntPtr(_handle);
        _interfaces.Add((nint)block);
        return block;
    }

    /// <summary>The interface pointer for an iid, or null (kNoInterface).</summary>
    protected abstract ComInterface* Find(byte* iid);

    protected virtual void OnReleased() { }

    /// <summary>Objects that live as long as the module (the factory) are never freed, even
    /// if a host releases them once too often.</summary>
    protected virtual bool IsPermanent => false;

    public static T? From<T>(void* self) where T : ComObject
        => self == null ? null : GCHandle.FromIntPtr(((ComInterface*)self)->Handle).Target as T;

    public uint AddRef() => (uint)Interlocked.Increment(ref _refCount);

    public uint Release()
    {
        int count = Interlocked.Decrement(ref _refCount);
        if (count > 0) return (uint)count;
        if (IsPermanent)
        {
            Interlocked.Exchange(ref _refCount, 1);
            return 0;
        }
        OnReleased();
        foreach (var block in _interfaces) NativeMemory.Free((void*)block);
        _interfaces.Clear();
        _handle.Free();
        return 0;
    }

    public int QueryInterface(byte* iid, void** result)
    {
        if (result == null) return TResult.InvalidArgument;
        var found = iid == null ? null : Find(iid);
        *result = found;
        if (found == null) return TResult.NoInterface;
        AddRef();
        return TResult.Ok;
    }

    /// <summary>
    /// A vtable whose first three slots are FUnknown's (queryInterface, addRef, release),
    /// followed by <paramref name="methods"/> in declaration order. Lives as long as the library.
    /// </summary>
    public static void** BuildVtable(params nint[] methods)
    {
        var table = (void**)NativeMemory.AllocZeroed((nuint)(sizeof(void*) * (3 + methods.Length)));
        table[0] = (delegate* unmanaged<void*, byte*, void**, int>)&QueryInterfaceThunk;
        table[1] = (delegate* unmanaged<void*, uint>)&AddRefThunk;
        table[2] = (delegate* unmanaged<void*, uint>)&ReleaseThunk;
        for (int i = 0; i < methods.Length; i++) table[3 + i] = (void*)methods[i];
        return table;
    }

    [UnmanagedCallersOnly]
    static int QueryInterfaceThunk(void* self, byte* iid, void** result)
        => From<ComObject>(self)?.QueryInterface(iid, result) ?? TResult.InvalidArgument;

    [UnmanagedCallersOnly]
    static uint AddRefThunk(void* self) => From<ComObject>(self)?.AddRef() ?? 0;

    [UnmanagedCallersOnly]
    static uint ReleaseThunk(void* self) => From<ComObject>(self)?.Release() ?? 0;
}
