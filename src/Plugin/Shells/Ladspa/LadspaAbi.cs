using System.Runtime.InteropServices;

// Our own C# declarations of the LADSPA 1.1 C ABI (ladspa.h). `unsigned long` is 64-bit on the
// LP64 platforms LADSPA hosts run on (Linux), so it maps to nuint.
namespace PercepNet.Plugin.Shells.Ladspa;

/// <summary>LADSPA_Descriptor.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LadspaDescriptor
{
    public nuint UniqueId;
    public byte* Label;
    public int Properties;
    public byte* Name;
    public byte* Maker;
    public byte* Copyright;
    public nuint PortCount;
    public int* PortDescriptors;
    public byte** PortNames;
    public LadspaPortRangeHint* PortRangeHints;
    public void* ImplementationData;
    public delegate* unmanaged<LadspaDescriptor*, nuint, void*> Instantiate;
    public delegate* unmanaged<void*, nuint, float*, void> ConnectPort;
    public delegate* unmanaged<void*, void> Activate;
    public delegate* unmanaged<void*, nuint, void> Run;
    public delegate* unmanaged<void*, nuint, void> RunAdding;
    public delegate* unmanaged<void*, float, void> SetRunAddingGain;
    public delegate* unmanaged<void*, void> Deactivate;
    public delegate* unmanaged<void*, void> Cleanup;
}

/// <summary>LADSPA_PortRangeHint.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LadspaPortRangeHint
{
    public int HintDescriptor;
    public float LowerBound;
    public float UpperBound;
}

internal static class LadspaConstants
{
    public const int PropertyHardRtCapable = 0x4;
    public const int PortInput = 0x1, PortOutput = 0x2, PortControl = 0x4, PortAudio = 0x8;
    public const int HintBoundedBelow = 0x1, HintBoundedAbove = 0x2, HintToggled = 0x4, HintInteger = 0x20;
    public const int HintDefaultMinimum = 0x40, HintDefaultMiddle = 0xC0, HintDefaultMaximum = 0x140,
        HintDefault0 = 0x200, HintDefault1 = 0x240, HintDefault100 = 0x280;
}
