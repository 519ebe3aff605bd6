using System.Runtime.InteropServices;
using PercepNet.HostTest.Native;

namespace PercepNet.HostTest.Clap;

/// What a CLAP host's preset browser learns from a file's preset-discovery factory
/// (factory/preset-discovery.h): every provider, the locations it declares, and the presets the PLUGIN locations
/// (presets inside the file, location null) report. FILE locations are recorded but not crawled: the harness has
/// no preset files of its own to look at.
public sealed record ClapPresetIndex(string FactoryId, IReadOnlyList<ClapPresetProvider> Providers)
{
    public IEnumerable<ClapPresetEntry> Presets => Providers.SelectMany(p => p.Locations).SelectMany(l => l.Presets);
}

public sealed record ClapPresetProvider(string Id, string Name, string Vendor, IReadOnlyList<ClapPresetLocation> Locations);

public sealed record ClapPresetLocation(uint Flags, string Name, uint Kind, string? Location, IReadOnlyList<ClapPresetEntry> Presets);

public sealed record ClapPresetEntry(string Name, string LoadKey, IReadOnlyList<(string Abi, string Id)> PluginIds, uint? Flags,
    IReadOnlyList<string> Creators, string? Description, IReadOnlyList<string> Errors);

/// Runs a module's preset-discovery factory the way an indexer does: create each provider with our indexer, init
/// (the provider declares its locations), get_metadata for each PLUGIN location, destroy.
public static unsafe class ClapPresetDiscoveryClient
{
    sealed class Indexing
    {
        public readonly List<(uint Flags, string Name, uint Kind, string? Location)> Locations = new();
        public int Filetypes;
    }

    sealed class Receiving
    {
        public readonly List<ClapPresetEntry> Presets = new();
        public readonly List<string> Errors = new();
        public string? Name, Key, Description;
        public uint? Flags;
        public List<(string, string)> PluginIds = new();
        public List<string> Creators = new();

        public void Finish()
        {
            if (Name is null) return;
            Presets.Add(new ClapPresetEntry(Name, Key ?? "", PluginIds, Flags, Creators, Description, [.. Errors]));
            Name = null; Key = null; Description = null; Flags = null;
            PluginIds = new(); Creators = new();
        }
    }

    /// The factory under <paramref name="factoryId"/> (the current or the draft id), or null when the file has none.
    public static ClapPresetIndex? Scan(ClapModule module, string factoryId = ClapExtensionIds.PresetDiscoveryFactory)
    {
        ClapPresetDiscoveryFactory* factory;
        fixed (byte* id = System.Text.Encoding.UTF8.GetBytes(factoryId + "\0"))
            factory = (ClapPresetDiscoveryFactory*)module.Entry->GetFactory(id);
        if (factory == null) return null;
        var providers = new List<ClapPresetProvider>();
        uint count = factory->Count(factory);
        for (uint i = 0; i < count; i++)
        {
            ClapPresetDiscoveryProviderDescriptor* d = factory->GetDescriptor(factory, i);
            if (d == null) throw new InvalidOperationException($"preset-discovery get_descriptor({i}) returned null");
            providers.Add(ScanProvider(factory, d));
        }
        return new ClapPresetIndex(factoryId, providers);
    }

    static ClapPresetProvider ScanProvider(ClapPresetDiscoveryFactory* factory, ClapPresetDiscoveryProviderDescriptor* d)
    {
        var indexing = new Indexing();
        var handle = GCHandle.Alloc(indexing);
        var indexer = NewIndexer(handle);
        try
        {
            ClapPresetDiscoveryProvider* provider = factory->Create(factory, indexer, d->Id);
            if (provider == null) throw new InvalidOperationException($"preset-discovery create('{Utf8Strings.Read(d->Id)}') returned null");
            var locations = new List<ClapPresetLocation>();
            try
            {
                if (!provider->Init(provider)) throw new InvalidOperationException($"preset provider '{Utf8Strings.Read(d->Id)}': init returned false");
                foreach (var (flags, name, kind, location) in indexing.Locations)
                {
                    var presets = kind == ClapPresetDiscoveryLocation.KindPlugin ? Crawl(provider, kind, location) : [];
                    locations.Add(new ClapPresetLocation(flags, name, kind, location, presets));
                }
            }
            finally
            {
                provider->Destroy(provider);
            }
            return new ClapPresetProvider(Utf8Strings.Read(d->Id), Utf8Strings.Read(d->Name), Utf8Strings.Read(d->Vendor), locations);
        }
        finally
        {
            NativeMemory.Free(indexer);
            handle.Free();
        }
    }

    static List<ClapPresetEntry> Crawl(ClapPresetDiscoveryProvider* provider, uint kind, string? location)
    {
        var (ok, receiving) = GetMetadata(provider, kind, location);
        if (!ok) throw new InvalidOperationException($"get_metadata returned false: {string.Join("; ", receiving.Errors)}");
        return receiving.Presets;
    }

    static (bool Ok, Receiving Receiving) GetMetadata(ClapPresetDiscoveryProvider* provider, uint kind, string? location)
    {
        var receiving = new Receiving();
        var handle = GCHandle.Alloc(receiving);
        var receiver = (ClapPresetDiscoveryMetadataReceiver*)NativeMemory.AllocZeroed((nuint)sizeof(ClapPresetDiscoveryMetadataReceiver));
        try
        {
            receiver->ReceiverData = (void*)GCHandle.ToIntPtr(handle);
            receiver->OnError = &OnError;
            receiver->BeginPreset = &BeginPreset;
            receiver->AddPluginId = &AddPluginId;
            receiver->SetSoundpackId = &SetSoundpackId;
            receiver->SetFlags = &SetFlags;
            receiver->AddCreator = &AddCreator;
            receiver->SetDescription = &SetDescription;
            receiver->SetTimestamps = &SetTimestamps;
            receiver->AddFeature = &AddFeature;
            receiver->AddExtraInfo = &AddExtraInfo;
            bool ok;
            fixed (byte* path = location is null ? null : System.Text.Encoding.UTF8.GetBytes(location + "\0"))
                ok = provider->GetMetadata(provider, kind, location is null ? null : path, receiver);
            receiving.Finish();
            return (ok, receiving);
        }
        finally
        {
            NativeMemory.Free(receiver);
            handle.Free();
        }
    }

    /// get_metadata of the first provider for any location, declared or not: whether it answered true, what it told
    /// on_error, and how many presets it reported.
    public static (bool Ok, IReadOnlyList<string> Errors, int Presets) Probe(ClapModule module, uint kind, string? location)
    {
        ClapPresetDiscoveryFactory* factory;
        fixed (byte* id = System.Text.Encoding.UTF8.GetBytes(ClapExtensionIds.PresetDiscoveryFactory + "\0"))
            factory = (ClapPresetDiscoveryFactory*)module.Entry->GetFactory(id);
        if (factory == null || factory->Count(factory) == 0) throw new InvalidOperationException("no preset-discovery provider");
        var indexing = new Indexing();
        var handle = GCHandle.Alloc(indexing);
        var indexer = NewIndexer(handle);
        try
        {
            var provider = factory->Create(factory, indexer, factory->GetDescriptor(factory, 0)->Id);
            try
            {
                if (!provider->Init(provider)) throw new InvalidOperationException("init returned false");
                var (ok, receiving) = GetMetadata(provider, kind, location);
                return (ok, receiving.Errors, receiving.Presets.Count);
            }
            finally
            {
                provider->Destroy(provider);
            }
        }
        finally
        {
            NativeMemory.Free(indexer);
            handle.Free();
        }
    }

    static ClapPresetDiscoveryIndexer* NewIndexer(GCHandle data)
    {
        var indexer = (ClapPresetDiscoveryIndexer*)NativeMemory.AllocZeroed((nuint)sizeof(ClapPresetDiscoveryIndexer));
        indexer->ClapVersion = ClapVersion.Current;
        indexer->Name = Utf8Strings.Intern("percepnet-host");
        indexer->Vendor = Utf8Strings.Intern("PercepNet.Plugin test harness");
        indexer->Url = Utf8Strings.Intern("https://example.invalid/percepnet-host");
        indexer->Version = Utf8Strings.Intern("1.0.0");
        indexer->IndexerData = (void*)GCHandle.ToIntPtr(data);
        indexer->DeclareFiletype = &DeclareFiletype;
        indexer->DeclareLocation = &DeclareLocation;
        indexer->DeclareSoundpack = &DeclareSoundpack;
        indexer->GetExtension = &IndexerExtension;
        return indexer;
    }

    static T Data<T>(void* data) where T : class => (T)GCHandle.FromIntPtr((IntPtr)data).Target!;

    [UnmanagedCallersOnly]
    static bool DeclareFiletype(ClapPresetDiscoveryIndexer* indexer, ClapPresetDiscoveryFiletype* filetype)
    {
        Data<Indexing>(indexer->IndexerData).Filetypes++;
        return true;
    }

    [UnmanagedCallersOnly]
    static bool DeclareLocation(ClapPresetDiscoveryIndexer* indexer, ClapPresetDiscoveryLocation* location)
    {
        if (location == null) return false;
        Data<Indexing>(indexer->IndexerData).Locations.Add((location->Flags, Utf8Strings.Read(location->Name), location->Kind,
            location->Location == null ? null : Utf8Strings.Read(location->Location)));
        return true;
    }

    [UnmanagedCallersOnly]
    static bool DeclareSoundpack(ClapPresetDiscoveryIndexer* indexer, void* soundpack) => true;

    [UnmanagedCallersOnly]
    static void* IndexerExtension(ClapPresetDiscoveryIndexer* indexer, byte* id) => null;

    [UnmanagedCallersOnly]
    static void OnError(ClapPresetDiscoveryMetadataReceiver* r, int osError, byte* message) =>
        Data<Receiving>(r->ReceiverData).Errors.Add(Utf8Strings.Read(message));

    [UnmanagedCallersOnly]
    static bool BeginPreset(ClapPresetDiscoveryMetadataReceiver* r, byte* name, byte* loadKey)
    {
        var receiving = Data<Receiving>(r->ReceiverData);
        receiving.Finish();
        receiving.Name = Utf8Strings.Read(name);
        receiving.Key = loadKey == null ? null : Utf8Strings.Read(loadKey);
        return true;
    }

    [UnmanagedCallersOnly]
    static void AddPluginId(ClapPresetDiscoveryMetadataReceiver* r, ClapUniversalPluginId* id) =>
        Data<Receiving>(r->ReceiverData).PluginIds.Add((Utf8Strings.Read(id->Abi), Utf8Strings.Read(id->Id)));

    [UnmanagedCallersOnly]
    static void SetSoundpackId(ClapPresetDiscoveryMetadataReceiver* r, byte* id) { }

    [UnmanagedCallersOnly]
    static void SetFlags(ClapPresetDiscoveryMetadataReceiver* r, uint flags) => Data<Receiving>(r->ReceiverData).Flags = flags;

    [UnmanagedCallersOnly]
    static void AddCreator(ClapPresetDiscoveryMetadataReceiver* r, byte* creator) =>
        Data<Receiving>(r->ReceiverData).Creators.Add(Utf8Strings.Read(creator));

    [UnmanagedCallersOnly]
    static void SetDescription(ClapPresetDiscoveryMetadataReceiver* r, byte* description) =>
        Data<Receiving>(r->ReceiverData).Description = Utf8Strings.Read(description);

    [UnmanagedCallersOnly]
    static void SetTimestamps(ClapPresetDiscoveryMetadataReceiver* r, ulong created, ulong modified) { }

    [UnmanagedCallersOnly]
    static void AddFeature(ClapPresetDiscoveryMetadataReceiver* r, byte* feature) { }

    [UnmanagedCallersOnly]
    static void AddExtraInfo(ClapPresetDiscoveryMetadataReceiver* r, byte* key, byte* value) { }
}
