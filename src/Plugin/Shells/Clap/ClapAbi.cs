using System.Runtime.InteropServices;

// Our own C# declarations of the CLAP 1.2 C ABI (free-audio/clap include/clap/*.h), limited to
// what PercepNet uses. Field order and types follow the headers exactly; C `bool` is a byte and
// every callback uses the platform C calling convention.
namespace PercepNet.Plugin.Shells.Clap;

[StructLayout(LayoutKind.Sequential)]
internal struct ClapVersion
{
    public uint Major, Minor, Revision;
    public static ClapVersion Current => new() { Major = 1, Minor = 2, Revision = 0 };
}

/// <summary>clap_plugin_descriptor_t (plugin.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ClapPluginDescriptor
{
    public ClapVersion ClapVersion;
    public byte* Id, Name, Vendor, Url, ManualUrl, SupportUrl, Version, Description;
    public byte** Features; // null-terminated array
}

/// <summary>clap_plugin_t (plugin.h): the instance the host holds.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ClapPlugin
{
    public ClapPluginDescriptor* Desc;
    public void* PluginData;
    public delegate* unmanaged<ClapPlugin*, byte> Init;
    public delegate* unmanaged<ClapPlugin*, void> Destroy;
    public delegate* unmanaged<ClapPlugin*, double, uint, uint, byte> Activate;
    public delegate* unmanaged<ClapPlugin*, void> Deactivate;
    public delegate* unmanaged<ClapPlugin*, byte> StartProcessing;
    public delegate* unmanaged<ClapPlugin*, void> StopProcessing;
    public delegate* unmanaged<ClapPlugin*, void> Reset;
    public delegate* unmanaged<ClapPlugin*, ClapProcess*, int> Process;
    public delegate* unmanaged<ClapPlugin*, byte*, void*> GetExtension;
    public delegate* unmanaged<ClapPlugin*, void> OnMainThread;
}

/// <summary>clap_host_t (host.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ClapHost
{
    public ClapVersion ClapVersion;
    public void* HostData;
    public byte* Name, Vendor, Url, Version;
    public delegate* unmanaged<ClapHost*, byte*, void*> GetExtension;
    public delegate* unmanaged<ClapHost*, void> RequestRestart;
    public delegate* unmanaged<ClapHost*, void> RequestProcess;
    public delegate* unmanaged<ClapHost*, void> RequestCallback;
}

/// <summary>clap_plugin_factory_t (factory/plugin-factory.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ClapPluginFactory
{
    public delegate* unmanaged<ClapPluginFactory*, uint> GetPluginCount;
    public delegate* unmanaged<ClapPluginFactory*, uint, ClapPluginDescriptor*> GetPluginDescriptor;
    public delegate* unmanaged<ClapPluginFactory*, ClapHost*, byte*, ClapPlugin*> CreatePlugin;
}

/// <summary>clap_audio_buffer_t (audio-buffer.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ClapAudioBuffer
{
    public float** Data32;
    public double** Data64;
    public uint ChannelCount;
    public uint Latency;
    public ulong ConstantMask;
}

/// <summary>clap_process_t (process.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ClapProcess
{
    public long SteadyTime;
    public uint FramesCount;
    public void* Transport;
    public ClapAudioBuffer* AudioInputs;
    public ClapAudioBuffer* AudioOutputs;
    public uint AudioInputsCount;
    public uint AudioOutputsCount;
    public ClapInputEvents* InEvents;
    public ClapOutputEvents* OutEvents;
}

internal static class ClapProcessStatus
{
    public const int Error = 0, Continue = 1, ContinueIfNotQuiet = 2, Tail = 3, Sleep = 4;
}

/// <summary>clap_event_header_t (events.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ClapEventHeader
{
    public uint Size;
    public uint Time;
    public ushort SpaceId;
    public ushort Type;
    public uint Flags;

    public const ushort CoreSpaceId = 0;
    public const ushort TypeParamValue = 5;
}

/// <summary>clap_event_param_value_t (events.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ClapEventParamValue
{
    public ClapEventHeader Header;
    public uint ParamId;
    public void* Cookie;
    public int NoteId;
    public short PortIndex, Channel, Key;
    public double Value;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ClapInputEvents
{
    public void* Ctx;
    public delegate* unmanaged<ClapInputEvents*, uint> Size;
    public delegate* unmanaged<ClapInputEvents*, uint, ClapEventHeader*> Get;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ClapOutputEvents
{
    public void* Ctx;
    public delegate* unmanaged<ClapOutputEvents*, ClapEventHeader*, byte> TryPush;
}

/// <summary>clap_istream_t / clap_ostream_t (stream.h): read/write return bytes moved, 0 at end, &lt;0 on error.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ClapIStream
{
    public void* Ctx;
    public delegate* unmanaged<ClapIStream*, void*, ulong, long> Read;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ClapOStream
{
    public void* Ctx;
    public delegate* unmanaged<ClapOStream*, void*, ulong, long> Write;
}

/// <summary>clap_audio_port_info_t (ext/audio-ports.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ClapAudioPortInfo
{
    public uint Id;
    public fixed byte Name[ClapStrings.NameSize];
    public uint Flags;
    public uint ChannelCount;
    public byte* PortType;
    public uint InPlacePair;

    public const uint FlagIsMain = 1u << 0;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ClapPluginAudioPorts
{
    public delegate* unmanaged<ClapPlugin*, byte, uint> Count;
    public delegate* unmanaged<ClapPlugin*, uint, byte, ClapAudioPortInfo*, byte> Get;
}

/// <summary>clap_param_info_t (ext/params.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ClapParamInfo
{
    public uint Id;
    public uint Flags;
    public void* Cookie;
    public fixed byte Name[ClapStrings.NameSize];
    public fixed byte Module[ClapStrings.PathSize];
    public double MinValue, MaxValue, DefaultValue;

    public const uint IsStepped = 1u << 0, IsReadOnly = 1u << 3, IsBypass = 1u << 4, IsAutomatable = 1u << 5,
        RequiresProcess = 1u << 15, IsEnum = 1u << 16;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ClapPluginParams
{
    public delegate* unmanaged<ClapPlugin*, uint> Count;
    public delegate* unmanaged<ClapPlugin*, uint, ClapParamInfo*, byte> GetInfo;
    public delegate* unmanaged<ClapPlugin*, uint, double*, byte> GetValue;
    public delegate* unmanaged<ClapPlugin*, uint, double, byte*, uint, byte> ValueToText;
    public delegate* unmanaged<ClapPlugin*, uint, byte*, double*, byte> TextToValue;
    public delegate* unmanaged<ClapPlugin*, ClapInputEvents*, ClapOutputEvents*, void> Flush;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ClapHostParams
{
    public delegate* unmanaged<ClapHost*, uint, void> Rescan;
    public delegate* unmanaged<ClapHost*, uint, uint, void> Clear;
    public delegate* unmanaged<ClapHost*, void> RequestFlush;

    public const uint RescanValues = 1u << 0;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ClapPluginState
{
    public delegate* unmanaged<ClapPlugin*, ClapOStream*, byte> Save;
    public delegate* unmanaged<ClapPlugin*, ClapIStream*, byte> Load;
}

/// <summary>clap_plugin_latency_t / clap_plugin_tail_t: both a single `uint32_t get(plugin)`.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ClapPluginSampleCount
{
    public delegate* unmanaged<ClapPlugin*, uint> Get;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ClapHostLatency
{
    public delegate* unmanaged<ClapHost*, void> Changed;
}

/// <summary>clap_host_log_t (ext/log.h): `void log(host, severity, msg)`, severities 0 debug … 3 error.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ClapHostLog
{
    public delegate* unmanaged<ClapHost*, int, byte*, void> Log;
}

/// <summary>clap_universal_plugin_id_t (universal-plugin-id.h): an ABI name ("clap") and the plug-in's id in it.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ClapUniversalPluginId
{
    public byte* Abi;
    public byte* Id;
}

/// <summary>clap_preset_discovery_provider_descriptor_t (factory/preset-discovery.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ClapPresetDiscoveryProviderDescriptor
{
    public ClapVersion ClapVersion;
    public byte* Id, Name, Vendor;
}

/// <summary>clap_preset_discovery_location_t: where presets are; for <see cref="KindPlugin"/> (inside the plug-in's
/// own file) the location is null.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ClapPresetDiscoveryLocation
{
    public uint Flags;
    public byte* Name;
    public uint Kind;
    public byte* Location;

    public const uint KindFile = 0, KindPlugin = 1;
    public const uint IsFactoryContent = 1u << 0;
}

/// <summary>clap_preset_discovery_indexer_t: the host's side, handed to the provider at create.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ClapPresetDiscoveryIndexer
{
    public ClapVersion ClapVersion;
    public byte* Name, Vendor, Url, Version;
    public void* IndexerData;
    public delegate* unmanaged<ClapPresetDiscoveryIndexer*, void*, byte> DeclareFiletype;
    public delegate* unmanaged<ClapPresetDiscoveryIndexer*, ClapPresetDiscoveryLocation*, byte> DeclareLocation;
    public delegate* unmanaged<ClapPresetDiscoveryIndexer*, void*, byte> DeclareSoundpack;
    public delegate* unmanaged<ClapPresetDiscoveryIndexer*, byte*, void*> GetExtension;
}

/// <summary>clap_preset_discovery_metadata_receiver_t: the host's side, told about each preset.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ClapPresetDiscoveryMetadataReceiver
{
    public void* ReceiverData;
    public delegate* unmanaged<ClapPresetDiscoveryMetadataReceiver*, int, byte*, void> OnError;
    public delegate* unmanaged<ClapPresetDiscoveryMetadataReceiver*, byte*, byte*, byte> BeginPreset;
    public delegate* unmanaged<ClapPresetDiscoveryMetadataReceiver*, ClapUniversalPluginId*, void> AddPluginId;
    public delegate* unmanaged<ClapPresetDiscoveryMetadataReceiver*, byte*, void> SetSoundpackId;
    public delegate* unmanaged<ClapPresetDiscoveryMetadataReceiver*, uint, void> SetFlags;
    public delegate* unmanaged<ClapPresetDiscoveryMetadataReceiver*, byte*, void> AddCreator;
    public delegate* unmanaged<ClapPresetDiscoveryMetadataReceiver*, byte*, void> SetDescription;
    public delegate* unmanaged<ClapPresetDiscoveryMetadataReceiver*, ulong, ulong, void> SetTimestamps;
    public delegate* unmanaged<ClapPresetDiscoveryMetadataReceiver*, byte*, void> AddFeature;
    public delegate* unmanaged<ClapPresetDiscoveryMetadataReceiver*, byte*, byte*, void> AddExtraInfo;
}

/// <summary>clap_preset_discovery_provider_t: ours, one per create call.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ClapPresetDiscoveryProvider
{
    public ClapPresetDiscoveryProviderDescriptor* Desc;
    public void* ProviderData;
    public delegate* unmanaged<ClapPresetDiscoveryProvider*, byte> Init;
    public delegate* unmanaged<ClapPresetDiscoveryProvider*, void> Destroy;
    public delegate* unmanaged<ClapPresetDiscoveryProvider*, uint, byte*, ClapPresetDiscoveryMetadataReceiver*, byte> GetMetadata;
    public delegate* unmanaged<ClapPresetDiscoveryProvider*, byte*, void*> GetExtension;
}

/// <summary>clap_preset_discovery_factory_t (every call thread-safe).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ClapPresetDiscoveryFactory
{
    public delegate* unmanaged<ClapPresetDiscoveryFactory*, uint> Count;
    public delegate* unmanaged<ClapPresetDiscoveryFactory*, uint, ClapPresetDiscoveryProviderDescriptor*> GetDescriptor;
    public delegate* unmanaged<ClapPresetDiscoveryFactory*, ClapPresetDiscoveryIndexer*, byte*, ClapPresetDiscoveryProvider*> Create;
}

/// <summary>clap_plugin_preset_load_t (ext/preset-load.h): `bool from_location(plugin, kind, location, load_key)`.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ClapPluginPresetLoad
{
    public delegate* unmanaged<ClapPlugin*, uint, byte*, byte*, byte> FromLocation;
}

/// <summary>clap_host_preset_load_t: on_error(host, kind, location, load_key, os_error, msg), loaded(host, kind,
/// location, load_key).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ClapHostPresetLoad
{
    public delegate* unmanaged<ClapHost*, uint, byte*, byte*, int, byte*, void> OnError;
    public delegate* unmanaged<ClapHost*, uint, byte*, byte*, void> Loaded;
}

/// <summary>Ids and sizes from the headers (string-sizes.h and each extension's id constant).</summary>
internal static class ClapStrings
{
    public const int NameSize = 256, PathSize = 1024;
    public static ReadOnlySpan<byte> PluginFactoryId => "clap.plugin-factory"u8;
    public static ReadOnlySpan<byte> ExtAudioPorts => "clap.audio-ports"u8;
    public static ReadOnlySpan<byte> ExtParams => "clap.params"u8;
    public static ReadOnlySpan<byte> ExtState => "clap.state"u8;
    public static ReadOnlySpan<byte> ExtLatency => "clap.latency"u8;
    public static ReadOnlySpan<byte> ExtTail => "clap.tail"u8;
    public static ReadOnlySpan<byte> ExtLog => "clap.log"u8;
    /// <summary>The preset-discovery factory's id, and the draft id that hosts built against CLAP before 1.2 ask for
    /// (the header: "100% compatible").</summary>
    public static ReadOnlySpan<byte> PresetDiscoveryFactoryId => "clap.preset-discovery-factory/2"u8;
    public static ReadOnlySpan<byte> PresetDiscoveryFactoryIdCompat => "clap.preset-discovery-factory/draft-2"u8;
    public static ReadOnlySpan<byte> ExtPresetLoad => "clap.preset-load/2"u8;
    public static ReadOnlySpan<byte> ExtPresetLoadCompat => "clap.preset-load.draft/2"u8;
}
