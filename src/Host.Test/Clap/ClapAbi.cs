using System.Runtime.InteropServices;

namespace PercepNet.HostTest.Clap;

// Host-side mirror of the CLAP 1.2 C ABI (include/clap/*.h of free-audio/clap), written from
// the headers: only the structs and extensions this harness uses. Layouts are the natural
// x86-64 C layouts; function pointers are unmanaged C calls.

[StructLayout(LayoutKind.Sequential)]
public struct ClapVersion
{
    public uint Major, Minor, Revision;
    public static ClapVersion Current => new() { Major = 1, Minor = 2, Revision = 10 };
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct ClapPluginEntry
{
    public ClapVersion ClapVersion;
    public delegate* unmanaged<byte*, bool> Init;
    public delegate* unmanaged<void> Deinit;
    public delegate* unmanaged<byte*, void*> GetFactory;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct ClapPluginFactory
{
    public delegate* unmanaged<ClapPluginFactory*, uint> GetPluginCount;
    public delegate* unmanaged<ClapPluginFactory*, uint, ClapPluginDescriptor*> GetPluginDescriptor;
    public delegate* unmanaged<ClapPluginFactory*, ClapHost*, byte*, ClapPlugin*> CreatePlugin;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct ClapPluginDescriptor
{
    public ClapVersion ClapVersion;
    public byte* Id, Name, Vendor, Url, ManualUrl, SupportUrl, Version, Description;
    public byte** Features;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct ClapHost
{
    public ClapVersion ClapVersion;
    public void* HostData;
    public byte* Name, Vendor, Url, Version;
    public delegate* unmanaged<ClapHost*, byte*, void*> GetExtension;
    public delegate* unmanaged<ClapHost*, void> RequestRestart;
    public delegate* unmanaged<ClapHost*, void> RequestProcess;
    public delegate* unmanaged<ClapHost*, void> RequestCallback;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct ClapPlugin
{
    public ClapPluginDescriptor* Desc;
    public void* PluginData;
    public delegate* unmanaged<ClapPlugin*, bool> Init;
    public delegate* unmanaged<ClapPlugin*, void> Destroy;
    public delegate* unmanaged<ClapPlugin*, double, uint, uint, bool> Activate;
    public delegate* unmanaged<ClapPlugin*, void> Deactivate;
    public delegate* unmanaged<ClapPlugin*, bool> StartProcessing;
    public delegate* unmanaged<ClapPlugin*, void> StopProcessing;
    public delegate* unmanaged<ClapPlugin*, void> Reset;
    public delegate* unmanaged<ClapPlugin*, ClapProcess*, int> Process;
    public delegate* unmanaged<ClapPlugin*, byte*, void*> GetExtension;
    public delegate* unmanaged<ClapPlugin*, void> OnMainThread;
}

public static class ClapProcessStatus
{
    public const int Error = 0, Continue = 1, ContinueIfNotQuiet = 2, Tail = 3, Sleep = 4;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct ClapAudioBuffer
{
    public float** Data32;
    public double** Data64;
    public uint ChannelCount;
    public uint Latency;
    public ulong ConstantMask;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct ClapProcess
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

[StructLayout(LayoutKind.Sequential)]
public struct ClapEventHeader
{
    public uint Size;
    public uint Time;
    public ushort SpaceId;
    public ushort Type;
    public uint Flags;

    public const ushort CoreEventSpace = 0;
    public const ushort ParamValueType = 5;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct ClapEventParamValue
{
    public ClapEventHeader Header;
    public uint ParamId;
    public void* Cookie;
    public int NoteId;
    public short PortIndex, Channel, Key;
    public double Value;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct ClapInputEvents
{
    public void* Ctx;
    public delegate* unmanaged<ClapInputEvents*, uint> Size;
    public delegate* unmanaged<ClapInputEvents*, uint, ClapEventHeader*> Get;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct ClapOutputEvents
{
    public void* Ctx;
    public delegate* unmanaged<ClapOutputEvents*, ClapEventHeader*, bool> TryPush;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct ClapIStream
{
    public void* Ctx;
    public delegate* unmanaged<ClapIStream*, void*, ulong, long> Read;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct ClapOStream
{
    public void* Ctx;
    public delegate* unmanaged<ClapOStream*, void*, ulong, long> Write;
}

public static class ClapExtensionIds
{
    public const string PluginFactory = "clap.plugin-factory";
    public const string Params = "clap.params";
    public const string Latency = "clap.latency";
    public const string State = "clap.state";
    public const string AudioPorts = "clap.audio-ports";
    public const string Log = "clap.log";
    public const string Tail = "clap.tail";
    public const string ThreadCheck = "clap.thread-check";
    public const string PresetDiscoveryFactory = "clap.preset-discovery-factory/2";
    /// The draft id hosts built before CLAP 1.2 ask for ("100% compatible").
    public const string PresetDiscoveryFactoryCompat = "clap.preset-discovery-factory/draft-2";
    public const string PresetLoad = "clap.preset-load/2";
    public const string PresetLoadCompat = "clap.preset-load.draft/2";
}

public static class ClapParamFlags
{
    public const uint IsStepped = 1 << 0, IsHidden = 1 << 2, IsReadOnly = 1 << 3, IsBypass = 1 << 4,
        IsAutomatable = 1 << 5;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct ClapParamInfo
{
    public const int NameSize = 256, PathSize = 1024;
    public uint Id;
    public uint Flags;
    public void* Cookie;
    public fixed byte Name[NameSize];
    public fixed byte Module[PathSize];
    public double MinValue, MaxValue, DefaultValue;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct ClapPluginParams
{
    public delegate* unmanaged<ClapPlugin*, uint> Count;
    public delegate* unmanaged<ClapPlugin*, uint, ClapParamInfo*, bool> GetInfo;
    public delegate* unmanaged<ClapPlugin*, uint, double*, bool> GetValue;
    public delegate* unmanaged<ClapPlugin*, uint, double, byte*, uint, bool> ValueToText;
    public delegate* unmanaged<ClapPlugin*, uint, byte*, double*, bool> TextToValue;
    public delegate* unmanaged<ClapPlugin*, ClapInputEvents*, ClapOutputEvents*, void> Flush;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct ClapPluginLatency
{
    public delegate* unmanaged<ClapPlugin*, uint> Get;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct ClapPluginState
{
    public delegate* unmanaged<ClapPlugin*, ClapOStream*, bool> Save;
    public delegate* unmanaged<ClapPlugin*, ClapIStream*, bool> Load;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct ClapAudioPortInfo
{
    public uint Id;
    public fixed byte Name[256];
    public uint Flags;
    public uint ChannelCount;
    public byte* PortType;
    public uint InPlacePair;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct ClapPluginAudioPorts
{
    public delegate* unmanaged<ClapPlugin*, bool, uint> Count;
    public delegate* unmanaged<ClapPlugin*, uint, bool, ClapAudioPortInfo*, bool> Get;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct ClapPluginTail
{
    public delegate* unmanaged<ClapPlugin*, uint> Get;
}

// Host-side extension tables that we hand to the plugin through clap_host.get_extension.
[StructLayout(LayoutKind.Sequential)]
public unsafe struct ClapHostLog
{
    public delegate* unmanaged<ClapHost*, int, byte*, void> Log;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct ClapHostLatency
{
    public delegate* unmanaged<ClapHost*, void> Changed;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct ClapHostParams
{
    public delegate* unmanaged<ClapHost*, uint, void> Rescan;
    public delegate* unmanaged<ClapHost*, uint, uint, void> Clear;
    public delegate* unmanaged<ClapHost*, void> RequestFlush;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct ClapHostState
{
    public delegate* unmanaged<ClapHost*, void> MarkDirty;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct ClapHostThreadCheck
{
    public delegate* unmanaged<ClapHost*, bool> IsMainThread;
    public delegate* unmanaged<ClapHost*, bool> IsAudioThread;
}

// factory/preset-discovery.h, ext/preset-load.h and universal-plugin-id.h.
[StructLayout(LayoutKind.Sequential)]
public unsafe struct ClapUniversalPluginId
{
    public byte* Abi;
    public byte* Id;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct ClapPresetDiscoveryProviderDescriptor
{
    public ClapVersion ClapVersion;
    public byte* Id, Name, Vendor;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct ClapPresetDiscoveryLocation
{
    public uint Flags;
    public byte* Name;
    public uint Kind;
    public byte* Location;

    public const uint KindFile = 0, KindPlugin = 1;
    public const uint IsFactoryContent = 1 << 0, IsUserContent = 1 << 1;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct ClapPresetDiscoveryFiletype
{
    public byte* Name, Description, FileExtension;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct ClapPresetDiscoveryIndexer
{
    public ClapVersion ClapVersion;
    public byte* Name, Vendor, Url, Version;
    public void* IndexerData;
    public delegate* unmanaged<ClapPresetDiscoveryIndexer*, ClapPresetDiscoveryFiletype*, bool> DeclareFiletype;
    public delegate* unmanaged<ClapPresetDiscoveryIndexer*, ClapPresetDiscoveryLocation*, bool> DeclareLocation;
    public delegate* unmanaged<ClapPresetDiscoveryIndexer*, void*, bool> DeclareSoundpack;
    public delegate* unmanaged<ClapPresetDiscoveryIndexer*, byte*, void*> GetExtension;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct ClapPresetDiscoveryMetadataReceiver
{
    public void* ReceiverData;
    public delegate* unmanaged<ClapPresetDiscoveryMetadataReceiver*, int, byte*, void> OnError;
    public delegate* unmanaged<ClapPresetDiscoveryMetadataReceiver*, byte*, byte*, bool> BeginPreset;
    public delegate* unmanaged<ClapPresetDiscoveryMetadataReceiver*, ClapUniversalPluginId*, void> AddPluginId;
    public delegate* unmanaged<ClapPresetDiscoveryMetadataReceiver*, byte*, void> SetSoundpackId;
    public delegate* unmanaged<ClapPresetDiscoveryMetadataReceiver*, uint, void> SetFlags;
    public delegate* unmanaged<ClapPresetDiscoveryMetadataReceiver*, byte*, void> AddCreator;
    public delegate* unmanaged<ClapPresetDiscoveryMetadataReceiver*, byte*, void> SetDescription;
    public delegate* unmanaged<ClapPresetDiscoveryMetadataReceiver*, ulong, ulong, void> SetTimestamps;
    public delegate* unmanaged<ClapPresetDiscoveryMetadataReceiver*, byte*, void> AddFeature;
    public delegate* unmanaged<ClapPresetDiscoveryMetadataReceiver*, byte*, byte*, void> AddExtraInfo;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct ClapPresetDiscoveryProvider
{
    public ClapPresetDiscoveryProviderDescriptor* Desc;
    public void* ProviderData;
    public delegate* unmanaged<ClapPresetDiscoveryProvider*, bool> Init;
    public delegate* unmanaged<ClapPresetDiscoveryProvider*, void> Destroy;
    public delegate* unmanaged<ClapPresetDiscoveryProvider*, uint, byte*, ClapPresetDiscoveryMetadataReceiver*, bool> GetMetadata;
    public delegate* unmanaged<ClapPresetDiscoveryProvider*, byte*, void*> GetExtension;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct ClapPresetDiscoveryFactory
{
    public delegate* unmanaged<ClapPresetDiscoveryFactory*, uint> Count;
    public delegate* unmanaged<ClapPresetDiscoveryFactory*, uint, ClapPresetDiscoveryProviderDescriptor*> GetDescriptor;
    public delegate* unmanaged<ClapPresetDiscoveryFactory*, ClapPresetDiscoveryIndexer*, byte*, ClapPresetDiscoveryProvider*> Create;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct ClapPluginPresetLoad
{
    public delegate* unmanaged<ClapPlugin*, uint, byte*, byte*, bool> FromLocation;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct ClapHostPresetLoad
{
    public delegate* unmanaged<ClapHost*, uint, byte*, byte*, int, byte*, void> OnError;
    public delegate* unmanaged<ClapHost*, uint, byte*, byte*, void> Loaded;
}
