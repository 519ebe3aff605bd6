using System.Runtime.InteropServices;
using PercepNet.Plugin.Core;

namespace PercepNet.Plugin.Shells.Vst3;

/// <summary>
/// IAudioProcessor (vst/ivstaudioprocessor.h) and IProcessContextRequirements: bus arrangements
/// (mono or stereo, input equal to output), 32-bit processing, latency, and process, which hands the
/// block and its parameter changes to the core.
/// </summary>
internal static unsafe class Vst3AudioProcessor
{
    public static readonly void** Vtable = ComObject.BuildVtable(
        (nint)(delegate* unmanaged<void*, ulong*, int, ulong*, int, int>)&SetBusArrangements,
        (nint)(delegate* unmanaged<void*, int, int, ulong*, int>)&GetBusArrangement,
        (nint)(delegate* unmanaged<void*, int, int>)&CanProcessSampleSize,
        (nint)(delegate* unmanaged<void*, uint>)&GetLatencySamples,
        (nint)(delegate* unmanaged<void*, ProcessSetup*, int>)&SetupProcessing,
        (nint)(delegate* unmanaged<void*, byte, int>)&SetProcessing,
        (nint)(delegate* unmanaged<void*, ProcessData*, int>)&Process,
        (nint)(delegate* unmanaged<void*, uint>)&GetTailSamples);

    /// <summary>We need no transport information (IProcessContextRequirements returns no flags).</summary>
    public static readonly void** ContextRequirementsVtable = ComObject.BuildVtable(
        (nint)(delegate* unmanaged<void*, uint>)&GetProcessContextRequirements);

    [UnmanagedCallersOnly]
    static uint GetProcessContextRequirements(void* self) => 0;

    [UnmanagedCallersOnly]
    static int SetBusArrangements(void* self, ulong* inputs, int inputCount, ulong* outputs, int outputCount)
    {
        var plugin = ComObject.From<Vst3Plugin>(self);
        if (plugin is null || plugin.Processor.IsActive) return TResult.False;
        if (inputCount != 1 || outputCount != 1 || inputs == null || outputs == null || inputs[0] != outputs[0])
            return TResult.False;
        int channels = ChannelsOf(inputs[0]);
        if (channels == 0) return TResult.False;
        plugin.ChannelCount = channels;
        return TResult.Ok;
    }

    static int ChannelsOf(ulong arrangement) => arrangement switch
    {
        Vst3Constants.SpeakerArrangementMono => 1,
        Vst3Constants.SpeakerArrangementStereo => 2,
        _ => 0,
    };

    [UnmanagedCallersOnly]
    static int GetBusArrangement(void* self, int direction, int index, ulong* arrangement)
    {
        var plugin = ComObject.From<Vst3Plugin>(self);
        if (plugin is null || arrangement == null || index != 0) return TResult.InvalidArgument;
        *arrangement = plugin.ChannelCount == 1 ? Vst3Constants.SpeakerArrangementMono : Vst3Constants.SpeakerArrangementStereo;
        return TResult.Ok;
    }

    [UnmanagedCallersOnly]
    static int CanProcessSampleSize(void* self, int size) => size == Vst3Constants.Sample32 ? TResult.Ok : TResult.False;

    [UnmanagedCallersOnly]
    static uint GetLatencySamples(void* self) => (uint)(ComObject.From<Vst3Plugin>(self)?.Processor.LatencySamples ?? 0);

    [UnmanagedCallersOnly]
    static uint GetTailSamples(void* self) => (uint)(ComObject.From<Vst3Plugin>(self)?.Processor.TailSamples ?? 0);

    [UnmanagedCallersOnly]
    static int SetupProcessing(void* self, ProcessSetup* setup)
    {
        var plugin = ComObject.From<Vst3Plugin>(self);
        if (plugin is null || setup == null) return TResult.InvalidArgument;
        if (setup->SymbolicSampleSize != Vst3Constants.Sample32) return TResult.False;
        // A rate we will not run is refused here, where VST3 negotiates it: after an OK, setActive must not fail.
        if (!PercepNetProcessor.SupportsSampleRate(setup->SampleRate)) return TResult.False;
        plugin.SampleRate = setup->SampleRate;
        return TResult.Ok;
    }

    [UnmanagedCallersOnly]
    static int SetProcessing(void* self, byte state) => TResult.Ok;

    /// <summary>
    /// Audio thread. numSamples may be 0 (a parameter flush). Input silence flags make the channel read as zeros;
    /// output silence flags are set for channels that came out all zero. A lookahead change here needs no restart
    /// request: the controller side (setParamNormalized) already asked for it on the UI thread.
    /// </summary>
    [UnmanagedCallersOnly]
    static int Process(void* self, ProcessData* data)
    {
        var plugin = ComObject.From<Vst3Plugin>(self);
        if (plugin is null || data == null) return TResult.InvalidArgument;
        if (data->SymbolicSampleSize != Vst3Constants.Sample32) return TResult.False;
        int frames = Math.Max(data->NumSamples, 0);
        Vst3ParameterEvents.Collect(data->InputParameterChanges, frames, plugin.ParameterChanges);
        var input = data->NumInputs > 0 ? data->Inputs : null;
        var output = data->NumOutputs > 0 ? data->Outputs : null;
        var block = new AudioBlock(
            input != null ? input->ChannelBuffers32 : null, input != null ? input->NumChannels : 0,
            output != null ? output->ChannelBuffers32 : null, output != null ? output->NumChannels : 0,
            frames, silentInputs: input != null ? input->SilenceFlags : 0);
        plugin.Processor.Process(block, plugin.ParameterChanges.Changes);
        MarkSilentOutputs(data, frames);
        SendMeter(data->OutputParameterChanges, plugin.Processor.GainReductionDb);
        return TResult.Ok;
    }

    /// <summary>The read-only meter as an output parameter change (one point at the block's start), the way VST3
    /// hosts receive values a plug-in sets itself; no allocation.</summary>
    static void SendMeter(void* changes, float db)
    {
        if (changes == null) return;
        uint id = (uint)ParameterId.GainReduction;
        int index = 0;
        void* queue = Vst3HostCalls.AddParameterData(changes, &id, &index);
        if (queue != null) Vst3HostCalls.QueueAddPoint(queue, 0, Parameters.GainReduction.ToNormalized(db), &index);
    }

    static void MarkSilentOutputs(ProcessData* data, int frames)
    {
        if (data->NumOutputs < 1 || data->Outputs == null || data->Outputs->ChannelBuffers32 == null) return;
        var output = data->Outputs;
        ulong silent = 0;
        for (int c = 0; c < output->NumChannels && c < 64; c++)
        {
            if (output->ChannelBuffers32[c] == null) continue;
            if (!new ReadOnlySpan<float>(output->ChannelBuffers32[c], frames).ContainsAnyExcept(0f)) silent |= 1UL << c;
        }
        output->SilenceFlags = silent;
    }
}
