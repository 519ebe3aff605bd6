using System.Runtime.InteropServices;
using PercepNet.Engine.Presets;
using PercepNet.Plugin.Core;

namespace PercepNet.Plugin.Shells.Clap;

/// <summary>
/// CLAP's preset-discovery factory (factory/preset-discovery.h), how CLAP hosts list presets by name: one provider,
/// which declares one location of kind PLUGIN (the factory presets live inside this file, so the location is null) and
/// reports each preset of <see cref="FactoryPresets"/> with its key as load key, for both plug-ins (mono, stereo).
/// The host then loads one through the plug-in's clap.preset-load extension (<see cref="ClapPresetLoadExtension"/>).
/// Nothing here builds an engine or loads a model: indexing stays fast. Everything is static and immutable once
/// built, so every call is thread-safe as the factory requires; a provider is one small block per create.
/// </summary>
internal static unsafe class ClapPresetDiscovery
{
    static ClapPresetDiscoveryFactory* _factory;
    static readonly ClapPresetDiscoveryProviderDescriptor* Descriptor = BuildDescriptor();
    static readonly byte* LocationName = NativeText.AllocPermanentUtf8(PluginInfo.Name + " factory presets");
    static readonly byte* Creator = NativeText.AllocPermanentUtf8(PluginInfo.Vendor);
    static readonly byte* ClapAbiName = NativeText.AllocPermanentUtf8("clap");
    static readonly byte*[] PluginIds = [NativeText.AllocPermanentUtf8(PluginInfo.ClapIdMono), NativeText.AllocPermanentUtf8(PluginInfo.ClapIdStereo)];
    static readonly byte*[] Names = Permanent(p => p.Name);
    static readonly byte*[] Keys = Permanent(p => p.Key);
    static readonly byte*[] Descriptions = Permanent(p => p.Description);

    static byte*[] Permanent(Func<FactoryPreset, string> text)
    {
        var strings = new byte*[FactoryPresets.All.Length];
        for (int p = 0; p < strings.Length; p++) strings[p] = NativeText.AllocPermanentUtf8(text(FactoryPresets.All[p]));
        return strings;
    }

    /// <summary>The factory for clap_entry.get_factory (both ids); built on first use.</summary>
    public static ClapPresetDiscoveryFactory* Factory
    {
        get
        {
            if (_factory == null)
            {
                // As ClapEntry's plug-in factory: a race only builds a duplicate, never a torn one.
                var factory = (ClapPresetDiscoveryFactory*)NativeMemory.AllocZeroed((nuint)sizeof(ClapPresetDiscoveryFactory));
                factory->Count = &Count;
                factory->GetDescriptor = &GetDescriptor;
                factory->Create = &Create;
                _factory = factory;
            }
            return _factory;
        }
    }

    static ClapPresetDiscoveryProviderDescriptor* BuildDescriptor()
    {
        var d = (ClapPresetDiscoveryProviderDescriptor*)NativeMemory.AllocZeroed((nuint)sizeof(ClapPresetDiscoveryProviderDescriptor));
        d->ClapVersion = ClapVersion.Current;
        d->Id = NativeText.AllocPermanentUtf8("org.percepnet.plugin.factory-presets");
        d->Name = NativeText.AllocPermanentUtf8(PluginInfo.Name + " factory presets");
        d->Vendor = NativeText.AllocPermanentUtf8(PluginInfo.Vendor);
        return d;
    }

    [UnmanagedCallersOnly]
    static uint Count(ClapPresetDiscoveryFactory* factory) => 1;

    [UnmanagedCallersOnly]
    static ClapPresetDiscoveryProviderDescriptor* GetDescriptor(ClapPresetDiscoveryFactory* factory, uint index)
        => index == 0 ? Descriptor : null;

    /// <summary>A provider for our id; it keeps the indexer to declare its location in init (not before: the header
    /// forbids calling the indexer from create).</summary>
    [UnmanagedCallersOnly]
    static ClapPresetDiscoveryProvider* Create(ClapPresetDiscoveryFactory* factory, ClapPresetDiscoveryIndexer* indexer, byte* providerId)
    {
        if (indexer == null || providerId == null
            || !NativeText.EqualsUtf8(providerId, MemoryMarshal.CreateReadOnlySpanFromNullTerminated(Descriptor->Id)))
            return null;
        var provider = (ClapPresetDiscoveryProvider*)NativeMemory.AllocZeroed((nuint)sizeof(ClapPresetDiscoveryProvider));
        provider->Desc = Descriptor;
        provider->ProviderData = indexer;
        provider->Init = &Init;
        provider->Destroy = &Destroy;
        provider->GetMetadata = &GetMetadata;
        provider->GetExtension = &GetExtension;
        return provider;
    }

    [UnmanagedCallersOnly]
    static byte Init(ClapPresetDiscoveryProvider* provider)
    {
        var indexer = provider == null ? null : (ClapPresetDiscoveryIndexer*)provider->ProviderData;
        if (indexer == null || indexer->DeclareLocation == null) return 0;
        var location = new ClapPresetDiscoveryLocation
        {
            Flags = ClapPresetDiscoveryLocation.IsFactoryContent,
            Name = LocationName,
            Kind = ClapPresetDiscoveryLocation.KindPlugin,
            Location = null,
        };
        return indexer->DeclareLocation(indexer, &location) != 0 ? (byte)1 : (byte)0;
    }

    [UnmanagedCallersOnly]
    static void Destroy(ClapPresetDiscoveryProvider* provider)
    {
        if (provider != null) NativeMemory.Free(provider);
    }

    /// <summary>Every factory preset of the PLUGIN location: name, load key (the preset's key, what
    /// clap.preset-load takes), both plug-in ids, factory flag, creator and description.</summary>
    [UnmanagedCallersOnly]
    static byte GetMetadata(ClapPresetDiscoveryProvider* provider, uint kind, byte* location, ClapPresetDiscoveryMetadataReceiver* receiver)
    {
        if (receiver == null || receiver->BeginPreset == null) return 0;
        if (kind != ClapPresetDiscoveryLocation.KindPlugin || location != null)
        {
            if (receiver->OnError != null)
                fixed (byte* message = "PercepNet has no preset files: its presets are inside the plug-in (location kind PLUGIN)\0"u8)
                    receiver->OnError(receiver, 0, message);
            return 0;
        }
        for (int p = 0; p < Names.Length; p++)
        {
            if (receiver->BeginPreset(receiver, Names[p], Keys[p]) == 0) break;
            if (receiver->AddPluginId != null)
                foreach (var pluginId in PluginIds)
                {
                    var id = new ClapUniversalPluginId { Abi = ClapAbiName, Id = pluginId };
                    receiver->AddPluginId(receiver, &id);
                }
            if (receiver->SetFlags != null) receiver->SetFlags(receiver, ClapPresetDiscoveryLocation.IsFactoryContent);
            if (receiver->AddCreator != null) receiver->AddCreator(receiver, Creator);
            if (receiver->SetDescription != null) receiver->SetDescription(receiver, Descriptions[p]);
        }
        return 1;
    }

    [UnmanagedCallersOnly]
    static void* GetExtension(ClapPresetDiscoveryProvider* provider, byte* id) => null;
}
