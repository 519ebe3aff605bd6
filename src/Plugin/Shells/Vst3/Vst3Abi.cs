using System.Runtime.InteropServices;

// Our own C# declarations of the VST 3 C++ ABI (steinbergmedia/vst3_pluginterfaces), limited to
// what PercepNet uses. On Linux, interfaces are plain C++ vtables (COM_COMPATIBLE is 0), result
// codes are the small non-COM values, and the vst/ structs use natural alignment
// (base/falignpush.h: pack(16) on 64-bit Linux), which LayoutKind.Sequential reproduces.
namespace PercepNet.Plugin.Shells.Vst3;

/// <summary>tresult values for non-COM platforms (base/funknown.h).</summary>
internal static class TResult
{
    public const int NoInterface = -1, Ok = 0, False = 1, InvalidArgument = 2, NotImplemented = 3,
        InternalError = 4, NotInitialized = 5, OutOfMemory = 6;
}

internal static class Vst3Constants
{
    public const int MediaAudio = 0, MediaEvent = 1;
    public const int DirectionInput = 0, DirectionOutput = 1;
    public const int BusMain = 0;
    public const uint BusDefaultActive = 1u << 0;
    public const int Sample32 = 0, Sample64 = 1;
    public const ulong SpeakerArrangementMono = 1UL << 19; // kSpeakerM
    public const ulong SpeakerArrangementStereo = 0b11;    // kSpeakerL | kSpeakerR
    public const int ParamCanAutomate = 1 << 0, ParamIsReadOnly = 1 << 1, ParamIsList = 1 << 3, ParamIsProgramChange = 1 << 15,
        ParamIsBypass = 1 << 16;
    /// <summary>vst/ivstunits.h: the root unit's id and its parent, and "no program list".</summary>
    public const int RootUnitId = 0, NoParentUnitId = -1, NoProgramListId = -1;
    public const int RestartLatencyChanged = 1 << 3, RestartParamValuesChanged = 1 << 2;
    public const int ManyInstances = 0x7FFFFFFF;
    public const int FactoryFlagUnicode = 1 << 4;
    public const int String128 = 128;
}

/// <summary>PFactoryInfo (base/ipluginbase.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct PFactoryInfo
{
    public fixed byte Vendor[64];
    public fixed byte Url[256];
    public fixed byte Email[128];
    public int Flags;
}

/// <summary>PClassInfo (base/ipluginbase.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct PClassInfo
{
    public fixed byte Cid[16];
    public int Cardinality;
    public fixed byte Category[32];
    public fixed byte Name[64];
}

/// <summary>PClassInfo2 (base/ipluginbase.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct PClassInfo2
{
    public fixed byte Cid[16];
    public int Cardinality;
    public fixed byte Category[32];
    public fixed byte Name[64];
    public uint ClassFlags;
    public fixed byte SubCategories[128];
    public fixed byte Vendor[64];
    public fixed byte Version[64];
    public fixed byte SdkVersion[64];
}

/// <summary>PClassInfoW (base/ipluginbase.h): names in UTF-16.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct PClassInfoW
{
    public fixed byte Cid[16];
    public int Cardinality;
    public fixed byte Category[32];
    public fixed char Name[64];
    public uint ClassFlags;
    public fixed byte SubCategories[128];
    public fixed char Vendor[64];
    public fixed char Version[64];
    public fixed char SdkVersion[64];
}

/// <summary>BusInfo (vst/ivstcomponent.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct BusInfo
{
    public int MediaType;
    public int Direction;
    public int ChannelCount;
    public fixed char Name[Vst3Constants.String128];
    public int BusType;
    public uint Flags;
}

/// <summary>ParameterInfo (vst/ivsteditcontroller.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ParameterInfo
{
    public uint Id;
    public fixed char Title[Vst3Constants.String128];
    public fixed char ShortTitle[Vst3Constants.String128];
    public fixed char Units[Vst3Constants.String128];
    public int StepCount;
    public double DefaultNormalizedValue;
    public int UnitId;
    public int Flags;
}

/// <summary>UnitInfo (vst/ivstunits.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct UnitInfo
{
    public int Id;
    public int ParentUnitId;
    public fixed char Name[Vst3Constants.String128];
    public int ProgramListId;
}

/// <summary>ProgramListInfo (vst/ivstunits.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ProgramListInfo
{
    public int Id;
    public fixed char Name[Vst3Constants.String128];
    public int ProgramCount;
}

/// <summary>ProcessSetup (vst/ivstaudioprocessor.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ProcessSetup
{
    public int ProcessMode;
    public int SymbolicSampleSize;
    public int MaxSamplesPerBlock;
    public double SampleRate;
}

/// <summary>AudioBusBuffers (vst/ivstaudioprocessor.h); the 32/64-bit channel pointers share one slot.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct AudioBusBuffers
{
    public int NumChannels;
    public ulong SilenceFlags;
    public float** ChannelBuffers32;
}

/// <summary>ProcessData (vst/ivstaudioprocessor.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ProcessData
{
    public int ProcessMode;
    public int SymbolicSampleSize;
    public int NumSamples;
    public int NumInputs;
    public int NumOutputs;
    public AudioBusBuffers* Inputs;
    public AudioBusBuffers* Outputs;
    public void* InputParameterChanges;  // IParameterChanges*
    public void* OutputParameterChanges; // IParameterChanges*
    public void* InputEvents;            // IEventList*
    public void* OutputEvents;           // IEventList*
    public void* ProcessContext;
}
