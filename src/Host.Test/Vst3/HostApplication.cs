using PercepNet.HostTest.Native;

namespace PercepNet.HostTest.Vst3;

[System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
public unsafe struct IHostApplicationVtbl
{
    public FUnknownVtbl Unknown;
    public delegate* unmanaged<void*, char*, int> GetName;
    public delegate* unmanaged<void*, byte*, byte*, void**, int> CreateInstance;
}

/// The minimal IHostApplication passed to initialize(): a name, and no host-created objects
/// (createInstance answers kNoInterface, which plugins must tolerate).
public sealed unsafe class HostApplication : HostComObject
{
    public const string HostName = "percepnet-host";
    static readonly IHostApplicationVtbl* Vtable = CreateVtable();

    static IHostApplicationVtbl* CreateVtable()
    {
        var v = AllocVtable<IHostApplicationVtbl>();
        FillUnknown(&v->Unknown);
        v->GetName = &GetName;
        v->CreateInstance = &CreateInstance;
        return v;
    }

    public HostApplication() : base(Vtable) { }

    protected override bool Implements(byte* iid) => Vst3Iids.IHostApplication.Matches(iid);

    [System.Runtime.InteropServices.UnmanagedCallersOnly]
    static int GetName(void* self, char* name)
    {
        Utf8Strings.WriteUtf16Fixed(HostName, name, 128);
        return Vst3Result.Ok;
    }

    [System.Runtime.InteropServices.UnmanagedCallersOnly]
    static int CreateInstance(void* self, byte* cid, byte* iid, void** obj)
    {
        *obj = null;
        return Vst3Result.NoInterface;
    }
}
