using System.Diagnostics;
using PercepNet.HostTest.Native;

namespace PercepNet.HostTest.Vst3;

/// A loaded VST3 module on Linux: ModuleEntry(handle) first, then GetPluginFactory. Kept for
/// the life of the process (ModuleExit is exported and checked, but calling it would leave the
/// NativeAOT runtime of our plugin torn down while other tests still use it).
public sealed unsafe class Vst3Module
{
    static readonly Dictionary<string, Vst3Module> Loaded = new();

    public SharedLibrary Library { get; }
    public void* Factory { get; }
    public TimeSpan ScanTime { get; }
    public bool ExportsModuleExit { get; }

    Vst3Module(SharedLibrary library, void* factory, TimeSpan scanTime, bool exportsModuleExit)
    {
        Library = library;
        Factory = factory;
        ScanTime = scanTime;
        ExportsModuleExit = exportsModuleExit;
    }

    public static Vst3Module Load(string binaryPath)
    {
        string full = Path.GetFullPath(binaryPath);
        lock (Loaded)
        {
            if (!Loaded.TryGetValue(full, out Vst3Module? module))
            {
                module = LoadUncached(full);
                Loaded[full] = module;
            }
            return module;
        }
    }

    static Vst3Module LoadUncached(string path)
    {
        var watch = Stopwatch.StartNew();
        SharedLibrary library = SharedLibrary.Open(path);
        var moduleEntry = (delegate* unmanaged<void*, bool>)library.GetSymbol("ModuleEntry");
        bool exportsExit = library.TryGetSymbol("ModuleExit") != IntPtr.Zero;
        if (!moduleEntry((void*)library.Handle)) throw new InvalidOperationException("ModuleEntry returned false");
        var getFactory = (delegate* unmanaged<void*>)library.GetSymbol("GetPluginFactory");
        void* factory = getFactory();
        if (factory == null) throw new InvalidOperationException("GetPluginFactory returned null");
        var module = new Vst3Module(library, factory, TimeSpan.Zero, exportsExit);
        _ = module.Classes();
        watch.Stop();
        return new Vst3Module(library, factory, watch.Elapsed, exportsExit);
    }

    public sealed record ClassInfo(Tuid Cid, int Cardinality, string Category, string Name);

    public (string Vendor, string Url, string Email, int Flags) FactoryInfo()
    {
        PFactoryInfo info;
        int result = ComPtr.Vtbl<IPluginFactoryVtbl>(Factory)->GetFactoryInfo(Factory, &info);
        if (result != Vst3Result.Ok) throw new InvalidOperationException($"getFactoryInfo failed: {result}");
        return (Utf8Strings.ReadFixed(info.Vendor, 64), Utf8Strings.ReadFixed(info.Url, 256),
            Utf8Strings.ReadFixed(info.Email, 128), info.Flags);
    }

    public IReadOnlyList<ClassInfo> Classes()
    {
        var vtbl = ComPtr.Vtbl<IPluginFactoryVtbl>(Factory);
        int count = vtbl->CountClasses(Factory);
        var list = new List<ClassInfo>();
        for (int i = 0; i < count; i++)
        {
            PClassInfo info;
            int result = vtbl->GetClassInfo(Factory, i, &info);
            if (result != Vst3Result.Ok) throw new InvalidOperationException($"getClassInfo({i}) failed: {result}");
            list.Add(new ClassInfo(new Tuid(new ReadOnlySpan<byte>(info.Cid, 16)), info.Cardinality,
                Utf8Strings.ReadFixed(info.Category, 32), Utf8Strings.ReadFixed(info.Name, 64)));
        }
        return list;
    }

    /// createInstance(cid, iid): returns the interface pointer or null.
    public void* CreateInstance(Tuid cid, Tuid iid)
    {
        void* obj = null;
        fixed (byte* c = cid.Bytes)
        fixed (byte* i = iid.Bytes)
            return ComPtr.Vtbl<IPluginFactoryVtbl>(Factory)->CreateInstance(Factory, c, i, &obj) == Vst3Result.Ok ? obj : null;
    }
}
