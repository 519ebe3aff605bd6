using System.Diagnostics;
using PercepNet.HostTest.Native;

namespace PercepNet.HostTest.Clap;

/// A loaded .clap binary: the `clap_entry` data symbol, its init and the plugin factory. One
/// module per file and process, as the CLAP entry rules ask (init once, many instances); it is
/// never unloaded, since a NativeAOT runtime inside a plugin cannot be unloaded either.
public sealed unsafe class ClapModule
{
    static readonly Dictionary<string, ClapModule> Loaded = new();

    public SharedLibrary Library { get; }
    public ClapPluginEntry* Entry { get; }
    public ClapPluginFactory* Factory { get; }
    /// dlopen(RTLD_NOW) + clap_entry.init + get_factory + reading every descriptor.
    public TimeSpan ScanTime { get; }

    ClapModule(SharedLibrary library, ClapPluginEntry* entry, ClapPluginFactory* factory, TimeSpan scanTime)
    {
        Library = library;
        Entry = entry;
        Factory = factory;
        ScanTime = scanTime;
    }

    public static ClapModule Load(string path)
    {
        string full = Path.GetFullPath(path);
        lock (Loaded)
        {
            if (!Loaded.TryGetValue(full, out ClapModule? module))
            {
                module = LoadUncached(full);
                Loaded[full] = module;
            }
            return module;
        }
    }

    static ClapModule LoadUncached(string path)
    {
        var watch = Stopwatch.StartNew();
        SharedLibrary library = SharedLibrary.Open(path);
        // clap_entry is a const struct, not a function: the symbol address is the struct itself.
        var entry = (ClapPluginEntry*)library.GetSymbol("clap_entry");
        if (entry->ClapVersion.Major < 1)
            throw new InvalidOperationException($"incompatible CLAP version {entry->ClapVersion.Major}.{entry->ClapVersion.Minor}");
        fixed (byte* pathUtf8 = System.Text.Encoding.UTF8.GetBytes(library.Path + "\0"))
            if (!entry->Init(pathUtf8)) throw new InvalidOperationException("clap_entry.init returned false");
        ClapPluginFactory* factory;
        fixed (byte* id = System.Text.Encoding.UTF8.GetBytes(ClapExtensionIds.PluginFactory + "\0"))
            factory = (ClapPluginFactory*)entry->GetFactory(id);
        if (factory == null) throw new InvalidOperationException("clap_entry.get_factory(clap.plugin-factory) returned null");
        var module = new ClapModule(library, entry, factory, TimeSpan.Zero);
        _ = module.Descriptors();
        watch.Stop();
        return new ClapModule(library, entry, factory, watch.Elapsed);
    }

    public IReadOnlyList<(string Id, string Name, string Vendor, string Version, string[] Features)> Descriptors()
    {
        var list = new List<(string, string, string, string, string[])>();
        uint count = Factory->GetPluginCount(Factory);
        for (uint i = 0; i < count; i++)
        {
            ClapPluginDescriptor* d = Factory->GetPluginDescriptor(Factory, i);
            if (d == null) throw new InvalidOperationException($"get_plugin_descriptor({i}) returned null");
            var features = new List<string>();
            for (byte** f = d->Features; f != null && *f != null; f++) features.Add(Utf8Strings.Read(*f));
            list.Add((Utf8Strings.Read(d->Id), Utf8Strings.Read(d->Name), Utf8Strings.Read(d->Vendor),
                Utf8Strings.Read(d->Version), features.ToArray()));
        }
        return list;
    }

    /// By id when given; otherwise the first plugin whose features name the wanted channel
    /// layout ("mono"/"stereo", the standard CLAP feature strings), else the first plugin.
    public ClapPluginDescriptor* FindDescriptor(string? pluginId, int channels)
    {
        uint count = Factory->GetPluginCount(Factory);
        if (count == 0) throw new InvalidOperationException("the CLAP factory lists no plugin");
        string layout = channels == 1 ? "mono" : "stereo";
        for (uint i = 0; i < count; i++)
        {
            ClapPluginDescriptor* d = Factory->GetPluginDescriptor(Factory, i);
            if (pluginId != null)
            {
                if (Utf8Strings.Read(d->Id) == pluginId) return d;
                continue;
            }
            for (byte** f = d->Features; f != null && *f != null; f++)
                if (Utf8Strings.Read(*f) == layout) return d;
        }
        if (pluginId != null) throw new InvalidOperationException($"no CLAP plugin with id '{pluginId}'");
        return Factory->GetPluginDescriptor(Factory, 0);
    }
}
