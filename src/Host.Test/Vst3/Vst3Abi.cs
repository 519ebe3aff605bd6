using System.Runtime.InteropServices;

namespace PercepNet.HostTest.Vst3;

// Host-side mirror of the VST3 C++ ABI (steinbergmedia/vst3_pluginterfaces, base/ and vst/),
// written from the headers. On Linux an interface pointer points at an object whose first word
// is its vtable: FUnknown's three slots, then the interface's methods in declaration order
// (base classes first); `this` is passed as the first argument.

public static class Vst3Result
{
    // Linux is not COM_COMPATIBLE: results are the small integers of funknown.h.
    public const int NoInterface = -1, Ok = 0, False = 1, InvalidArgument = 2, NotImplemented = 3,
        InternalError = 4, NotInitialized = 5, OutOfMemory = 6;
}

/// A 16-byte interface or class id. Off Windows, INLINE_UID stores the four 32-bit words
/// big-endian, one after the other.
public readonly struct Tuid : IEquatable<Tuid>
{
    readonly byte[] _bytes;
    public Tuid(uint l1, uint l2, uint l3, uint l4)
    {
        _bytes = new byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(_bytes.AsSpan(0), l1);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(_bytes.AsSpan(4), l2);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(_bytes.AsSpan(8), l3);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(_bytes.AsSpan(12), l4);
    }
    public Tuid(ReadOnlySpan<byte> bytes) => _bytes = bytes[..16].ToArray();
    public ReadOnlySpan<byte> Bytes => _bytes;
    public unsafe bool Matches(byte* other) => new ReadOnlySpan<byte>(other, 16).SequenceEqual(_bytes);
    public bool Equals(Tuid other) => Bytes.SequenceEqual(other.Bytes);
    public override bool Equals(object? obj) => obj is Tuid t && Equals(t);
    public override int GetHashCode() => BitConverter.ToInt32(_bytes, 0);
    public override string ToString() => Convert.ToHexString(_bytes);
}

public static class Vst3Iids
{
    public static readonly Tuid FUnknown = new(0x00000000, 0x00000000, 0xC0000000, 0x00000046);
    public static readonly Tuid IPluginBase = new(0x22888DDB, 0x156E45AE, 0x8358B348, 0x08190625);
    public static readonly Tuid IPluginFactory = new(0x7A4D811C, 0x52114A1F, 0xAED9D2EE, 0x0B43BF9F);
    public static readonly Tuid IPluginFactory2 = new(0x0007B650, 0xF24B4C0B, 0xA464EDB9, 0xF00B2ABB);
    public static readonly Tuid IComponent = new(0xE831FF31, 0xF2D54301, 0x928EBBEE, 0x25697802);
    public static readonly Tuid IAudioProcessor = new(0x42043F99, 0xB7DA453C, 0xA569E79D, 0x9AAEC33D);
    public static readonly Tuid IEditController = new(0xDCD7BBE3, 0x7742448D, 0xA874AACC, 0x979C759E);
    public static readonly Tuid IComponentHandler = new(0x93A0BEA3, 0x0BD045DB, 0x8E890B0C, 0xC1E46AC6);
    public static readonly Tuid IHostApplication = new(0x58E595CC, 0xDB2D4969, 0x8B6AAF8C, 0x36A664E5);
    public static readonly Tuid IBStream = new(0xC3BF6EA2, 0x30994752, 0x9B6BF990, 0x1EE33E9B);
    public static readonly Tuid IParamValueQueue = new(0x01263A18, 0xED074F6F, 0x98C9D356, 0x4686F9BA);
    public static readonly Tuid IParameterChanges = new(0xA4779663, 0x0BB64A56, 0xB44384A8, 0x466FEB9D);
    public static readonly Tuid IUnitInfo = new(0x3D4BD6B5, 0x913A4FD2, 0xA886E768, 0xA5EB92C1);
}

public static class Vst3Constants
{
    public const int MediaAudio = 0, MediaEvent = 1;
    public const int DirectionInput = 0, DirectionOutput = 1;
    public const int Sample32 = 0;
    public const int ProcessRealtime = 0, ProcessOffline = 2;
    public const ulong SpeakerArrangementMono = 1UL << 19;
    public const ulong SpeakerArrangementStereo = 0x3;
    public const int RestartReloadComponent = 1 << 0, RestartIoChanged = 1 << 1,
        RestartParamValuesChanged = 1 << 2, RestartLatencyChanged = 1 << 3;
    public const int ParameterCanAutomate = 1 << 0, ParameterIsReadOnly = 1 << 1, ParameterIsList = 1 << 3,
        ParameterIsProgramChange = 1 << 15, ParameterIsBypass = 1 << 16;
    public const int RootUnitId = 0, NoParentUnitId = -1, NoProgramListId = -1;
    public const int StreamSeekSet = 0, StreamSeekCur = 1, StreamSeekEnd = 2;

    public static ulong Arrangement(int channels) => channels == 1 ? SpeakerArrangementMono : SpeakerArrangementStereo;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct PFactoryInfo
{
    public fixed byte Vendor[64];
    public fixed byte Url[256];
    public fixed byte Email[128];
    public int Flags;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct PClassInfo
{
    public fixed byte Cid[16];
    public int Cardinality;
    public fixed byte Category[32];
    public fixed byte Name[64];
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct BusInfo
{
    public int MediaType;
    public int Direction;
    public int ChannelCount;
    public fixed char Name[128];
    public int BusType;
    public uint Flags;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct ParameterInfoNative
{
    public uint Id;
    public fixed char Title[128];
    public fixed char ShortTitle[128];
    public fixed char Units[128];
    public int StepCount;
    public double DefaultNormalizedValue;
    public int UnitId;
    public int Flags;
}

[StructLayout(LayoutKind.Sequential)]
public struct ProcessSetup
{
    public int ProcessMode;
    public int SymbolicSampleSize;
    public int MaxSamplesPerBlock;
    public double SampleRate;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct AudioBusBuffers
{
    public int NumChannels;
    public ulong SilenceFlags;
    public float** ChannelBuffers32;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct ProcessData
{
    public int ProcessMode;
    public int SymbolicSampleSize;
    public int NumSamples;
    public int NumInputs;
    public int NumOutputs;
    public AudioBusBuffers* Inputs;
    public AudioBusBuffers* Outputs;
    public void* InputParameterChanges;
    public void* OutputParameterChanges;
    public void* InputEvents;
    public void* OutputEvents;
    public void* ProcessContext;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct FUnknownVtbl
{
    public delegate* unmanaged<void*, byte*, void**, int> QueryInterface;
    public delegate* unmanaged<void*, uint> AddRef;
    public delegate* unmanaged<void*, uint> Release;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct IPluginFactoryVtbl
{
    public FUnknownVtbl Unknown;
    public delegate* unmanaged<void*, PFactoryInfo*, int> GetFactoryInfo;
    public delegate* unmanaged<void*, int> CountClasses;
    public delegate* unmanaged<void*, int, PClassInfo*, int> GetClassInfo;
    public delegate* unmanaged<void*, byte*, byte*, void**, int> CreateInstance;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct IComponentVtbl
{
    public FUnknownVtbl Unknown;
    public delegate* unmanaged<void*, void*, int> Initialize;
    public delegate* unmanaged<void*, int> Terminate;
    public delegate* unmanaged<void*, byte*, int> GetControllerClassId;
    public delegate* unmanaged<void*, int, int> SetIoMode;
    public delegate* unmanaged<void*, int, int, int> GetBusCount;
    public delegate* unmanaged<void*, int, int, int, BusInfo*, int> GetBusInfo;
    public delegate* unmanaged<void*, void*, void*, int> GetRoutingInfo;
    public delegate* unmanaged<void*, int, int, int, byte, int> ActivateBus;
    public delegate* unmanaged<void*, byte, int> SetActive;
    public delegate* unmanaged<void*, void*, int> SetState;
    public delegate* unmanaged<void*, void*, int> GetState;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct IAudioProcessorVtbl
{
    public FUnknownVtbl Unknown;
    public delegate* unmanaged<void*, ulong*, int, ulong*, int, int> SetBusArrangements;
    public delegate* unmanaged<void*, int, int, ulong*, int> GetBusArrangement;
    public delegate* unmanaged<void*, int, int> CanProcessSampleSize;
    public delegate* unmanaged<void*, uint> GetLatencySamples;
    public delegate* unmanaged<void*, ProcessSetup*, int> SetupProcessing;
    public delegate* unmanaged<void*, byte, int> SetProcessing;
    public delegate* unmanaged<void*, ProcessData*, int> Process;
    public delegate* unmanaged<void*, uint> GetTailSamples;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct IEditControllerVtbl
{
    public FUnknownVtbl Unknown;
    public delegate* unmanaged<void*, void*, int> Initialize;
    public delegate* unmanaged<void*, int> Terminate;
    public delegate* unmanaged<void*, void*, int> SetComponentState;
    public delegate* unmanaged<void*, void*, int> SetState;
    public delegate* unmanaged<void*, void*, int> GetState;
    public delegate* unmanaged<void*, int> GetParameterCount;
    public delegate* unmanaged<void*, int, ParameterInfoNative*, int> GetParameterInfo;
    public delegate* unmanaged<void*, uint, double, char*, int> GetParamStringByValue;
    public delegate* unmanaged<void*, uint, char*, double*, int> GetParamValueByString;
    public delegate* unmanaged<void*, uint, double, double> NormalizedParamToPlain;
    public delegate* unmanaged<void*, uint, double, double> PlainParamToNormalized;
    public delegate* unmanaged<void*, uint, double> GetParamNormalized;
    public delegate* unmanaged<void*, uint, double, int> SetParamNormalized;
    public delegate* unmanaged<void*, void*, int> SetComponentHandler;
    public delegate* unmanaged<void*, byte*, void*> CreateView;
}

/// UnitInfo (vst/ivstunits.h).
[StructLayout(LayoutKind.Sequential)]
public unsafe struct UnitInfoNative
{
    public int Id;
    public int ParentUnitId;
    public fixed char Name[128];
    public int ProgramListId;
}

/// ProgramListInfo (vst/ivstunits.h).
[StructLayout(LayoutKind.Sequential)]
public unsafe struct ProgramListInfoNative
{
    public int Id;
    public fixed char Name[128];
    public int ProgramCount;
}

/// IUnitInfo (vst/ivstunits.h), queried on the edit controller.
[StructLayout(LayoutKind.Sequential)]
public unsafe struct IUnitInfoVtbl
{
    public FUnknownVtbl Unknown;
    public delegate* unmanaged<void*, int> GetUnitCount;
    public delegate* unmanaged<void*, int, UnitInfoNative*, int> GetUnitInfo;
    public delegate* unmanaged<void*, int> GetProgramListCount;
    public delegate* unmanaged<void*, int, ProgramListInfoNative*, int> GetProgramListInfo;
    public delegate* unmanaged<void*, int, int, char*, int> GetProgramName;
    public delegate* unmanaged<void*, int, int, byte*, char*, int> GetProgramInfo;
    public delegate* unmanaged<void*, int, int, int> HasProgramPitchNames;
    public delegate* unmanaged<void*, int, int, short, char*, int> GetProgramPitchName;
    public delegate* unmanaged<void*, int> GetSelectedUnit;
    public delegate* unmanaged<void*, int, int> SelectUnit;
    public delegate* unmanaged<void*, int, int, int, int, int*, int> GetUnitByBus;
    public delegate* unmanaged<void*, int, int, void*, int> SetUnitProgramData;
}

/// Calls through a plugin-side interface pointer: `*(Vtbl**)ptr` is the vtable.
public static unsafe class ComPtr
{
    public static T* Vtbl<T>(void* self) where T : unmanaged => *(T**)self;

    public static void* Query(void* self, Tuid iid)
    {
        void* result = null;
        fixed (byte* id = iid.Bytes)
            return Vtbl<FUnknownVtbl>(self)->QueryInterface(self, id, &result) == Vst3Result.Ok ? result : null;
    }

    public static uint Release(void* self) => self == null ? 0 : Vtbl<FUnknownVtbl>(self)->Release(self);
}
