using System.Runtime.InteropServices;
using PercepNet.Plugin.Core;

namespace PercepNet.Plugin.Shells.Vst3;

/// <summary>
/// IEditController (vst/ivsteditcontroller.h): parameter descriptions, normalized↔plain↔text,
/// and the controller's view of the values. No editor view: hosts show their generic UI.
/// </summary>
internal static unsafe class Vst3EditController
{
    public static readonly void** Vtable = ComObject.BuildVtable(
        (nint)(delegate* unmanaged<void*, void*, int>)&Vst3Component.Initialize,
        (nint)(delegate* unmanaged<void*, int>)&Vst3Component.Terminate,
        (nint)(delegate* unmanaged<void*, void*, int>)&SetComponentState,
        (nint)(delegate* unmanaged<void*, void*, int>)&SetState,
        (nint)(delegate* unmanaged<void*, void*, int>)&GetState,
        (nint)(delegate* unmanaged<void*, int>)&GetParameterCount,
        (nint)(delegate* unmanaged<void*, int, ParameterInfo*, int>)&GetParameterInfo,
        (nint)(delegate* unmanaged<void*, uint, double, char*, int>)&GetParamStringByValue,
        (nint)(delegate* unmanaged<void*, uint, char*, double*, int>)&GetParamValueByString,
        (nint)(delegate* unmanaged<void*, uint, double, double>)&NormalizedParamToPlain,
        (nint)(delegate* unmanaged<void*, uint, double, double>)&PlainParamToNormalized,
        (nint)(delegate* unmanaged<void*, uint, double>)&GetParamNormalized,
        (nint)(delegate* unmanaged<void*, uint, double, int>)&SetParamNormalized,
        (nint)(delegate* unmanaged<void*, void*, int>)&SetComponentHandler,
        (nint)(delegate* unmanaged<void*, byte*, void*>)&CreateView);

    /// <summary>The host passes the component's state so the controller can mirror it.</summary>
    [UnmanagedCallersOnly]
    static int SetComponentState(void* self, void* stream)
    {
        var plugin = ComObject.From<Vst3Plugin>(self);
        if (plugin is null || stream == null) return TResult.InvalidArgument;
        try
        {
            var bytes = Vst3Plugin.ReadStream(stream);
            if (bytes is null || !PluginState.TryRead(bytes, plugin.ControllerValues)) return TResult.False;
            plugin.PresetFromValues();
            return TResult.Ok;
        }
        catch (Exception)
        {
            return TResult.False;
        }
    }

    /// <summary>The controller has no state of its own (everything is in the component state).</summary>
    [UnmanagedCallersOnly]
    static int SetState(void* self, void* stream) => TResult.Ok;

    [UnmanagedCallersOnly]
    static int GetState(void* self, void* stream) => TResult.Ok;

    /// <summary>The inputs, then the "Preset" program-change parameter, then the read-only outputs.</summary>
    static int ParameterCount => Parameters.Count + 1 + Parameters.Outputs.Length;

    static Parameter ParameterAt(int index) => index < Parameters.Count ? Parameters.All[index]
        : index == Parameters.Count ? Parameters.Preset : Parameters.Outputs[index - Parameters.Count - 1];

    [UnmanagedCallersOnly]
    static int GetParameterCount(void* self) => ParameterCount;

    [UnmanagedCallersOnly]
    static int GetParameterInfo(void* self, int index, ParameterInfo* info)
    {
        if ((uint)index >= (uint)ParameterCount || info == null) return TResult.InvalidArgument;
        var p = ParameterAt(index);
        bool output = index > Parameters.Count;
        *info = default;
        info->Id = (uint)p.Id;
        NativeText.WriteUtf16(p.Name, info->Title, Vst3Constants.String128);
        NativeText.WriteUtf16(p.ShortName, info->ShortTitle, Vst3Constants.String128);
        NativeText.WriteUtf16(p.Unit, info->Units, Vst3Constants.String128);
        info->StepCount = p.StepCount;
        info->DefaultNormalizedValue = p.ToNormalized(p.Default);
        info->UnitId = 0; // kRootUnitId
        // Every parameter is automatable: hosts without a plug-in editor (Ardour) build their generic one from
        // automatable parameters only. A Lookahead change still reaches the audio only through a restart.
        // The meter is read-only: hosts show it, and read it through getParamNormalized (this single component is its
        // own processor) and the processor's output parameter changes.
        // The Preset parameter is the program list's program change (vst3ProgramLists): a list, in the root unit whose
        // list it selects from, not automatable (a preset may change the lookahead, which waits for a restart).
        int flags = output ? Vst3Constants.ParamIsReadOnly
            : p.Id == ParameterId.Preset ? Vst3Constants.ParamIsProgramChange : Vst3Constants.ParamCanAutomate;
        if (p.IsList) flags |= Vst3Constants.ParamIsList;
        if (p.IsBypass) flags |= Vst3Constants.ParamIsBypass;
        info->Flags = flags;
        return TResult.Ok;
    }

    [UnmanagedCallersOnly]
    static int GetParamStringByValue(void* self, uint id, double normalized, char* text)
    {
        var p = Parameters.FindAny(id);
        if (p is null || text == null || !double.IsFinite(normalized)) return TResult.InvalidArgument;
        try
        {
            NativeText.WriteUtf16(p.FormatValue(p.FromNormalized(normalized)), text, Vst3Constants.String128);
            return TResult.Ok;
        }
        catch (Exception)
        {
            return TResult.False;
        }
    }

    [UnmanagedCallersOnly]
    static int GetParamValueByString(void* self, uint id, char* text, double* normalized)
    {
        var p = Parameters.FindAny(id);
        if (p is null || text == null || normalized == null) return TResult.InvalidArgument;
        try
        {
            if (!p.TryParseValue(NativeText.ReadUtf16(text, Vst3Constants.String128) ?? "", out double plain)) return TResult.False;
            *normalized = p.ToNormalized(plain);
            return TResult.Ok;
        }
        catch (Exception)
        {
            return TResult.False;
        }
    }

    [UnmanagedCallersOnly]
    static double NormalizedParamToPlain(void* self, uint id, double normalized)
        => Parameters.FindAny(id)?.FromNormalized(normalized) ?? 0;

    [UnmanagedCallersOnly]
    static double PlainParamToNormalized(void* self, uint id, double plain)
        => Parameters.FindAny(id)?.ToNormalized(plain) ?? 0;

    [UnmanagedCallersOnly]
    static double GetParamNormalized(void* self, uint id)
    {
        var plugin = ComObject.From<Vst3Plugin>(self);
        if (plugin is not null && id == (uint)ParameterId.GainReduction)
            return Parameters.GainReduction.ToNormalized(plugin.Processor.GainReductionDb);
        if (plugin is not null && id == (uint)ParameterId.Preset)
            return Parameters.Preset.ToNormalized(plugin.SelectedPreset);
        int index = Parameters.IndexOf(id);
        return plugin is null || index < 0 ? 0 : Parameters.All[index].ToNormalized(plugin.ControllerValues[index]);
    }

    /// <summary>
    /// UI thread. Values reach the audio through process(); lookahead is the exception: it only
    /// takes effect on re-activation, so it is stored on the processor here and the host is
    /// asked for that re-activation with restartComponent(kLatencyChanged), as it is for a preset's lookahead still
    /// waiting for one. The Preset parameter sets the controller's values to the preset's
    /// (<see cref="Vst3Plugin.SelectPreset"/>, which calls no restartComponent).
    /// </summary>
    [UnmanagedCallersOnly]
    static int SetParamNormalized(void* self, uint id, double normalized)
    {
        var plugin = ComObject.From<Vst3Plugin>(self);
        if (plugin is not null && id == (uint)ParameterId.Preset && double.IsFinite(normalized))
        {
            plugin.SelectPreset((int)Parameters.Preset.FromNormalized(normalized));
            return TResult.Ok;
        }
        int index = Parameters.IndexOf(id);
        if (plugin is null || index < 0 || !double.IsFinite(normalized)) return TResult.InvalidArgument;
        var p = Parameters.All[index];
        plugin.ControllerValues[index] = p.FromNormalized(normalized);
        if (p.Id == ParameterId.Lookahead) plugin.Processor.SetValue(index, plugin.ControllerValues[index]);
        // Also the restart a preset's lookahead is owed (Vst3Plugin.SelectPreset does not ask from inside the program change).
        plugin.RequestRestartIfLatencyPending();
        return TResult.Ok;
    }

    [UnmanagedCallersOnly]
    static int SetComponentHandler(void* self, void* handler)
    {
        var plugin = ComObject.From<Vst3Plugin>(self);
        if (plugin is null) return TResult.InvalidArgument;
        plugin.SetComponentHandler(handler);
        return TResult.Ok;
    }

    [UnmanagedCallersOnly]
    static void* CreateView(void* self, byte* name) => null;
}
