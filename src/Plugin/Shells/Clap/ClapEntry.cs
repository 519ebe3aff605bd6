using System.Runtime.InteropServices;

namespace PercepNet.Plugin.Shells.Clap;

/// <summary>
/// The three functions behind the `clap_entry` data symbol (Native/clap_entry.c) and the factories
/// they hand out: plug-ins, and preset discovery (<see cref="ClapPresetDiscovery"/>). A host calls init once per loaded file, then get_factory any number of
/// times; scanning never builds an engine or loads the model (fast scan, issue 6).
/// </summary>
internal static unsafe class ClapEntry
{
    static ClapPluginFactory* _factory;

    [UnmanagedCallersOnly(EntryPoint = "percepnet_clap_init")]
    static byte Init(byte* pluginPath) => 1;

    [UnmanagedCallersOnly(EntryPoint = "percepnet_clap_deinit")]
    static void Deinit() { }

    [UnmanagedCallersOnly(EntryPoint = "percepnet_clap_get_factory")]
    static void* GetFactory(byte* factoryId)
    {
        // Factory presets (Engine FactoryPresets) for hosts' preset browsers, under both ids hosts ask for.
        if (NativeText.EqualsUtf8(factoryId, ClapStrings.PresetDiscoveryFactoryId)
            || NativeText.EqualsUtf8(factoryId, ClapStrings.PresetDiscoveryFactoryIdCompat))
            return ClapPresetDiscovery.Factory;
        if (!NativeText.EqualsUtf8(factoryId, ClapStrings.PluginFactoryId)) return null;
        if (_factory == null)
        {
            // Static and immutable once built; a race only builds a duplicate, never a torn one.
            var factory = (ClapPluginFactory*)NativeMemory.AllocZeroed((nuint)sizeof(ClapPluginFactory));
            factory->GetPluginCount = &GetPluginCount;
            factory->GetPluginDescriptor = &GetPluginDescriptor;
            factory->CreatePlugin = &CreatePlugin;
            _factory = factory;
        }
        return _factory;
    }

    [UnmanagedCallersOnly]
    static uint GetPluginCount(ClapPluginFactory* factory) => (uint)ClapDescriptors.Count;

    [UnmanagedCallersOnly]
    static ClapPluginDescriptor* GetPluginDescriptor(ClapPluginFactory* factory, uint index)
        => index < ClapDescriptors.Count ? ClapDescriptors.Get((int)index) : null;

    [UnmanagedCallersOnly]
    static ClapPlugin* CreatePlugin(ClapPluginFactory* factory, ClapHost* host, byte* pluginId)
    {
        try
        {
            int index = ClapDescriptors.IndexOf(pluginId);
            if (index < 0 || host == null) return null;
            return ClapPluginInstance.Create(host, ClapDescriptors.Get(index), ClapDescriptors.ChannelCount(index));
        }
        catch (Exception)
        {
            return null;   // create_plugin may not call the host (plugin-factory.h), so nothing to log to yet
        }
    }
}
