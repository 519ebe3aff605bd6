using System.Runtime.InteropServices;
using PercepNet.Plugin.Core;

namespace PercepNet.Plugin.Shells.Clap;

/// <summary>
/// clap.params over <see cref="Parameters"/>: plain values, stable ids, value↔text. flush applies events
/// outside process.
/// </summary>
internal static unsafe class ClapParamsExtension
{
    public static readonly ClapPluginParams* Table = Build();

    static ClapPluginParams* Build()
    {
        var table = (ClapPluginParams*)NativeMemory.AllocZeroed((nuint)sizeof(ClapPluginParams));
        table->Count = &Count;
        table->GetInfo = &GetInfo;
        table->GetValue = &GetValue;
        table->ValueToText = &ValueToText;
        table->TextToValue = &TextToValue;
        table->Flush = &Flush;
        return table;
    }

    [UnmanagedCallersOnly]
    static uint Count(ClapPlugin* plugin) => (uint)(Parameters.Count + Parameters.Outputs.Length);

    [UnmanagedCallersOnly]
    static byte GetInfo(ClapPlugin* plugin, uint index, ClapParamInfo* info)
    {
        if (index >= Parameters.Count + Parameters.Outputs.Length || info == null) return 0;
        bool output = index >= Parameters.Count;
        var p = output ? Parameters.Outputs[index - Parameters.Count] : Parameters.All[index];
        *info = default;
        info->Id = (uint)p.Id;
        // Every input is automatable (generic editors list only those); a Lookahead event asks for a restart. The meter
        // is read-only: the plug-in sets it (an output event per block), the host only shows it.
        uint flags = output ? ClapParamInfo.IsReadOnly : ClapParamInfo.IsAutomatable;
        if (p.IsStepped) flags |= ClapParamInfo.IsStepped;
        if (p.IsList) flags |= ClapParamInfo.IsEnum;
        if (p.IsBypass) flags |= ClapParamInfo.IsBypass;
        info->Flags = flags;
        info->Cookie = null;
        NativeText.WriteUtf8(p.Name, info->Name, ClapStrings.NameSize);
        NativeText.WriteUtf8("", info->Module, ClapStrings.PathSize);
        info->MinValue = p.Min;
        info->MaxValue = p.Max;
        info->DefaultValue = p.Default;
        return 1;
    }

    [UnmanagedCallersOnly]
    static byte GetValue(ClapPlugin* plugin, uint id, double* value)
    {
        var self = ClapPluginInstance.From(plugin);
        if (self is not null && value != null && id == (uint)ParameterId.GainReduction)
        {
            *value = self.Processor.GainReductionDb;
            return 1;
        }
        int index = Parameters.IndexOf(id);
        if (self is null || index < 0 || value == null) return 0;
        *value = self.Processor.GetValue(index);
        return 1;
    }

    [UnmanagedCallersOnly]
    static byte ValueToText(ClapPlugin* plugin, uint id, double value, byte* buffer, uint capacity)
    {
        var p = Parameters.FindAny(id);
        if (p is null || buffer == null || capacity == 0 || !double.IsFinite(value)) return 0;
        try
        {
            NativeText.WriteUtf8(p.FormatValue(value), buffer, (int)Math.Min(capacity, int.MaxValue));
            return 1;
        }
        catch (Exception)
        {
            return 0;
        }
    }

    [UnmanagedCallersOnly]
    static byte TextToValue(ClapPlugin* plugin, uint id, byte* text, double* value)
    {
        var p = Parameters.FindAny(id);
        if (p is null || text == null || value == null) return 0;
        try
        {
            if (!p.TryParseValue(NativeText.ReadUtf8(text) ?? "", out double plain)) return 0;
            *value = plain;
            return 1;
        }
        catch (Exception)
        {
            return 0;
        }
    }

    /// <summary>[active ? audio-thread : main-thread]: the events as a block without audio.</summary>
    [UnmanagedCallersOnly]
    static void Flush(ClapPlugin* plugin, ClapInputEvents* input, ClapOutputEvents* output)
        => ClapPluginInstance.From(plugin)?.Run(AudioBlock.Empty, input);
}
