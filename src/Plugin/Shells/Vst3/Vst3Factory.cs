using System.Runtime.InteropServices;
using PercepNet.Plugin.Core;

namespace PercepNet.Plugin.Shells.Vst3;

/// <summary>
/// IPluginFactory3 (base/ipluginbase.h): describes our one class and creates it. One factory per
/// loaded module, never freed (hosts may ask GetPluginFactory again after releasing it).
/// Describing classes builds no engine and loads no model, so scanning stays fast.
/// </summary>
internal sealed unsafe class Vst3Factory : ComObject
{
    public const string Category = "Audio Module Class"; // kVstAudioEffectClass
    public const string SubCategories = "Fx|Restoration";
    public const string SdkVersion = "VST 3.7.14";

    static readonly void** Vtable = BuildVtable(
        (nint)(delegate* unmanaged<void*, PFactoryInfo*, int>)&GetFactoryInfo,
        (nint)(delegate* unmanaged<void*, int>)&CountClasses,
        (nint)(delegate* unmanaged<void*, int, PClassInfo*, int>)&GetClassInfo,
        (nint)(delegate* unmanaged<void*, byte*, byte*, void**, int>)&CreateInstance,
        (nint)(delegate* unmanaged<void*, int, PClassInfo2*, int>)&GetClassInfo2,
        (nint)(delegate* unmanaged<void*, int, PClassInfoW*, int>)&GetClassInfoUnicode,
        (nint)(delegate* unmanaged<void*, void*, int>)&SetHostContext);

    static Vst3Factory? _instance;
    readonly ComInterface* _interface;

    Vst3Factory() => _interface = AddInterface(Vtable);

    /// <summary>The factory's interface pointer with one reference for the caller.</summary>
    public static void* Acquire()
    {
        var factory = _instance ??= new Vst3Factory();
        factory.AddRef();
        return factory._interface;
    }

    // IPluginFactory, IPluginFactory2 and IPluginFactory3 share one vtable (each extends the last).
    protected override ComInterface* Find(byte* iid)
        => Vst3Iids.Is(iid, Vst3Iids.FUnknown) || Vst3Iids.Is(iid, Vst3Iids.IPluginFactory)
           || Vst3Iids.Is(iid, Vst3Iids.IPluginFactory2) || Vst3Iids.Is(iid, Vst3Iids.IPluginFactory3)
            ? _interface : null;

    // The static field holds the first reference, so hosts' release calls never free it.
    protected override bool IsPermanent => true;

    [UnmanagedCallersOnly]
    static int GetFactoryInfo(void* self, PFactoryInfo* info)
    {
        if (info == null) return TResult.InvalidArgument;
        *info = default;
        NativeText.WriteUtf8(PluginInfo.Vendor, info->Vendor, 64);
        NativeText.WriteUtf8(PluginInfo.Url, info->Url, 256);
        NativeText.WriteUtf8("", info->Email, 128);
        info->Flags = Vst3Constants.FactoryFlagUnicode;
        return TResult.Ok;
    }

    [UnmanagedCallersOnly]
    static int CountClasses(void* self) => 1;

    [UnmanagedCallersOnly]
    static int GetClassInfo(void* self, int index, PClassInfo* info)
    {
        if (index != 0 || info == null) return TResult.InvalidArgument;
        *info = default;
        Vst3Iids.PercepNetClass.CopyTo(new Span<byte>(info->Cid, 16));
        info->Cardinality = Vst3Constants.ManyInstances;
        NativeText.WriteUtf8(Category, info->Category, 32);
        NativeText.WriteUtf8(PluginInfo.Name, info->Name, 64);
        return TResult.Ok;
    }

    [UnmanagedCallersOnly]
    static int GetClassInfo2(void* self, int index, PClassInfo2* info)
    {
        if (index != 0 || info == null) return TResult.InvalidArgument;
        *info = default;
        Vst3Iids.PercepNetClass.CopyTo(new Span<byte>(info->Cid, 16));
        info->Cardinality = Vst3Constants.ManyInstances;
        NativeText.WriteUtf8(Category, info->Category, 32);
        NativeText.WriteUtf8(PluginInfo.Name, info->Name, 64);
        info->ClassFlags = 0;
        NativeText.WriteUtf8(SubCategories, info->SubCategories, 128);
        NativeText.WriteUtf8(PluginInfo.Vendor, info->Vendor, 64);
        NativeText.WriteUtf8(PluginInfo.Version, info->Version, 64);
        NativeText.WriteUtf8(SdkVersion, info->SdkVersion, 64);
        return TResult.Ok;
    }

    [UnmanagedCallersOnly]
    static int GetClassInfoUnicode(void* self, int index, PClassInfoW* info)
    {
        if (index != 0 || info == null) return TResult.InvalidArgument;
        *info = default;
        Vst3Iids.PercepNetClass.CopyTo(new Span<byte>(info->Cid, 16));
        info->Cardinality = Vst3Constants.ManyInstances;
        NativeText.WriteUtf8(Category, info->Category, 32);
        NativeText.WriteUtf16(PluginInfo.Name, info->Name, 64);
        info->ClassFlags = 0;
        NativeText.WriteUtf8(SubCategories, info->SubCategories, 128);
        NativeText.WriteUtf16(PluginInfo.Vendor, info->Vendor, 64);
        NativeText.WriteUtf16(PluginInfo.Version, info->Version, 64);
        NativeText.WriteUtf16(SdkVersion, info->SdkVersion, 64);
        return TResult.Ok;
    }

    [UnmanagedCallersOnly]
    static int CreateInstance(void* self, byte* classId, byte* interfaceId, void** result)
    {
        if (result == null) return TResult.InvalidArgument;
        *result = null;
        if (!Vst3Iids.Is(classId, Vst3Iids.PercepNetClass)) return TResult.NoInterface;
        try
        {
            // VST3 gives a plug-in no log: a failure stays silent (never on the host's stderr) and shows as a failed instance.
            var processor = SharedModel.CreateProcessor();
            if (processor is null) return TResult.False;
            var plugin = new Vst3Plugin(processor);
            int status = plugin.QueryInterface(interfaceId, result);
            plugin.Release(); // the caller now holds the only reference (or none on failure)
            return status;
        }
        catch (Exception)
        {
            return TResult.InternalError;
        }
    }

    [UnmanagedCallersOnly]
    static int SetHostContext(void* self, void* context) => TResult.Ok;
}
