using System.Runtime.InteropServices;
using PercepNet.Engine.Presets;
using PercepNet.Plugin.Core;

namespace PercepNet.Plugin.Shells.Vst3;

/// <summary>
/// IUnitInfo (vst/ivstunits.h) on the edit controller: how VST3 hosts learn the factory presets' names. One unit, the
/// root, uses one program list, <see cref="FactoryPresets.All"/> in order; the "Preset" parameter
/// (<see cref="Parameters.Preset"/>, flagged kIsProgramChange, in the root unit) picks one of them
/// (<see cref="Vst3EditController"/> for the controller's side, <see cref="Vst3ParameterEvents"/> for the processor's).
/// No pitch names, no program data streams (the presets are built in).
/// </summary>
internal static unsafe class Vst3UnitInfo
{
    /// <summary>The program list's id (any id ≥ 0 that no other list has).</summary>
    public const int ProgramListId = 1;

    public static readonly void** Vtable = ComObject.BuildVtable(
        (nint)(delegate* unmanaged<void*, int>)&GetUnitCount,
        (nint)(delegate* unmanaged<void*, int, UnitInfo*, int>)&GetUnitInfo,
        (nint)(delegate* unmanaged<void*, int>)&GetProgramListCount,
        (nint)(delegate* unmanaged<void*, int, ProgramListInfo*, int>)&GetProgramListInfo,
        (nint)(delegate* unmanaged<void*, int, int, char*, int>)&GetProgramName,
        (nint)(delegate* unmanaged<void*, int, int, byte*, char*, int>)&GetProgramInfo,
        (nint)(delegate* unmanaged<void*, int, int, int>)&HasProgramPitchNames,
        (nint)(delegate* unmanaged<void*, int, int, short, char*, int>)&GetProgramPitchName,
        (nint)(delegate* unmanaged<void*, int>)&GetSelectedUnit,
        (nint)(delegate* unmanaged<void*, int, int>)&SelectUnit,
        (nint)(delegate* unmanaged<void*, int, int, int, int, int*, int>)&GetUnitByBus,
        (nint)(delegate* unmanaged<void*, int, int, void*, int>)&SetUnitProgramData);

    [UnmanagedCallersOnly]
    static int GetUnitCount(void* self) => 1;

    [UnmanagedCallersOnly]
    static int GetUnitInfo(void* self, int unitIndex, UnitInfo* info)
    {
        if (unitIndex != 0 || info == null) return TResult.InvalidArgument;
        *info = default;
        info->Id = Vst3Constants.RootUnitId;
        info->ParentUnitId = Vst3Constants.NoParentUnitId;
        NativeText.WriteUtf16(PluginInfo.Name, info->Name, Vst3Constants.String128);
        info->ProgramListId = ProgramListId;
        return TResult.Ok;
    }

    [UnmanagedCallersOnly]
    static int GetProgramListCount(void* self) => 1;

    [UnmanagedCallersOnly]
    static int GetProgramListInfo(void* self, int listIndex, ProgramListInfo* info)
    {
        if (listIndex != 0 || info == null) return TResult.InvalidArgument;
        *info = default;
        info->Id = ProgramListId;
        NativeText.WriteUtf16("Factory presets", info->Name, Vst3Constants.String128);
        info->ProgramCount = FactoryPresets.All.Length;
        return TResult.Ok;
    }

    [UnmanagedCallersOnly]
    static int GetProgramName(void* self, int listId, int programIndex, char* name)
    {
        if (listId != ProgramListId || (uint)programIndex >= (uint)FactoryPresets.All.Length || name == null)
            return TResult.InvalidArgument;
        NativeText.WriteUtf16(FactoryPresets.All[programIndex].Name, name, Vst3Constants.String128);
        return TResult.Ok;
    }

    /// <summary>No attributes (instrument, style, …) beyond the name.</summary>
    [UnmanagedCallersOnly]
    static int GetProgramInfo(void* self, int listId, int programIndex, byte* attributeId, char* value) => TResult.False;

    [UnmanagedCallersOnly]
    static int HasProgramPitchNames(void* self, int listId, int programIndex) => TResult.False;

    [UnmanagedCallersOnly]
    static int GetProgramPitchName(void* self, int listId, int programIndex, short midiPitch, char* name) => TResult.False;

    [UnmanagedCallersOnly]
    static int GetSelectedUnit(void* self) => Vst3Constants.RootUnitId;

    [UnmanagedCallersOnly]
    static int SelectUnit(void* self, int unitId) => unitId == Vst3Constants.RootUnitId ? TResult.Ok : TResult.False;

    /// <summary>The one audio bus each way belongs to the root unit.</summary>
    [UnmanagedCallersOnly]
    static int GetUnitByBus(void* self, int mediaType, int direction, int busIndex, int channel, int* unitId)
    {
        if (unitId == null || mediaType != Vst3Constants.MediaAudio || busIndex != 0) return TResult.False;
        *unitId = Vst3Constants.RootUnitId;
        return TResult.Ok;
    }

    [UnmanagedCallersOnly]
    static int SetUnitProgramData(void* self, int listOrUnitId, int programIndex, void* data) => TResult.NotImplemented;
}
