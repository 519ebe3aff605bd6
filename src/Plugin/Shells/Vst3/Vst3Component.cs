using System.Runtime.InteropServices;
using PercepNet.Plugin.Core;

namespace PercepNet.Plugin.Shells.Vst3;

/// <summary>
/// IComponent (vst/ivstcomponent.h, extends IPluginBase): buses, activation and the state the
/// host saves in its project. One audio input bus and one audio output bus, no event buses.
/// </summary>
internal static unsafe class Vst3Component
{
    public static readonly void** Vtable = ComObject.BuildVtable(
        (nint)(delegate* unmanaged<void*, void*, int>)&Initialize,
        (nint)(delegate* unmanaged<void*, int>)&Terminate,
        (nint)(delegate* unmanaged<void*, byte*, int>)&GetControllerClassId,
        (nint)(delegate* unmanaged<void*, int, int>)&SetIoMode,
        (nint)(delegate* unmanaged<void*, int, int, int>)&GetBusCount,
        (nint)(delegate* unmanaged<void*, int, int, int, BusInfo*, int>)&GetBusInfo,
        (nint)(delegate* unmanaged<void*, void*, void*, int>)&GetRoutingInfo,
        (nint)(delegate* unmanaged<void*, int, int, int, byte, int>)&ActivateBus,
        (nint)(delegate* unmanaged<void*, byte, int>)&SetActive,
        (nint)(delegate* unmanaged<void*, void*, int>)&SetState,
        (nint)(delegate* unmanaged<void*, void*, int>)&GetState);

    // IPluginBase, shared with IEditController (same object: calling it twice is harmless).
    [UnmanagedCallersOnly]
    public static int Initialize(void* self, void* context) => ComObject.From<Vst3Plugin>(self) is null ? TResult.False : TResult.Ok;

    [UnmanagedCallersOnly]
    public static int Terminate(void* self)
    {
        var plugin = ComObject.From<Vst3Plugin>(self);
        if (plugin is null) return TResult.False;
        plugin.Processor.Deactivate();
        plugin.SetComponentHandler(null);
        return TResult.Ok;
    }

    /// <summary>No separate controller class: hosts then query IEditController on this object.</summary>
    [UnmanagedCallersOnly]
    static int GetControllerClassId(void* self, byte* classId) => TResult.False;

    [UnmanagedCallersOnly]
    static int SetIoMode(void* self, int mode) => TResult.Ok;

    [UnmanagedCallersOnly]
    static int GetBusCount(void* self, int mediaType, int direction) => mediaType == Vst3Constants.MediaAudio ? 1 : 0;

    [UnmanagedCallersOnly]
    static int GetBusInfo(void* self, int mediaType, int direction, int index, BusInfo* info)
    {
        var plugin = ComObject.From<Vst3Plugin>(self);
        if (plugin is null || info == null || mediaType != Vst3Constants.MediaAudio || index != 0
            || direction is not (Vst3Constants.DirectionInput or Vst3Constants.DirectionOutput))
            return TResult.InvalidArgument;
        *info = default;
        info->MediaType = mediaType;
        info->Direction = direction;
        info->ChannelCount = plugin.ChannelCount;
        NativeText.WriteUtf16(direction == Vst3Constants.DirectionInput ? "Input" : "Output", info->Name, Vst3Constants.String128);
        info->BusType = Vst3Constants.BusMain;
        info->Flags = Vst3Constants.BusDefaultActive;
        return TResult.Ok;
    }

    [UnmanagedCallersOnly]
    static int GetRoutingInfo(void* self, void* inInfo, void* outInfo) => TResult.NotImplemented;

    [UnmanagedCallersOnly]
    static int ActivateBus(void* self, int mediaType, int direction, int index, byte state)
        => mediaType == Vst3Constants.MediaAudio && index == 0 ? TResult.Ok : TResult.InvalidArgument;

    /// <summary>Builds the engines at the rate from setupProcessing and applies a pending lookahead.</summary>
    [UnmanagedCallersOnly]
    static int SetActive(void* self, byte state)
    {
        var plugin = ComObject.From<Vst3Plugin>(self);
        if (plugin is null) return TResult.False;
        try
        {
            if (state == 0)
            {
                plugin.Processor.Deactivate();
                return TResult.Ok;
            }
            return plugin.Processor.Activate(plugin.SampleRate, plugin.ChannelCount) ? TResult.Ok : TResult.False;
        }
        catch (Exception)
        {
            return TResult.InternalError;
        }
    }

    [UnmanagedCallersOnly]
    static int SetState(void* self, void* stream)
    {
        var plugin = ComObject.From<Vst3Plugin>(self);
        if (plugin is null || stream == null) return TResult.InvalidArgument;
        try
        {
            var bytes = Vst3Plugin.ReadStream(stream);
            if (bytes is null || !plugin.Processor.LoadState(bytes)) return TResult.False;
            for (int i = 0; i < Parameters.Count; i++) plugin.ControllerValues[i] = plugin.Processor.GetValue(i);
            plugin.PresetFromValues();
            plugin.RequestRestartIfLatencyPending();
            return TResult.Ok;
        }
        catch (Exception)
        {
            return TResult.False;
        }
    }

    [UnmanagedCallersOnly]
    static int GetState(void* self, void* stream)
    {
        var plugin = ComObject.From<Vst3Plugin>(self);
        if (plugin is null || stream == null) return TResult.InvalidArgument;
        try
        {
            return Vst3Plugin.WriteStream(stream, plugin.Processor.SaveState()) ? TResult.Ok : TResult.False;
        }
        catch (Exception)
        {
            return TResult.False;
        }
    }
}
