using System.Runtime.InteropServices;

namespace PercepNet.HostTest.Ladspa;

// Host-side mirror of ladspa.h (LADSPA 1.1), written from the header. `unsigned long` is
// 64-bit on x86-64 Linux (LP64), hence nuint.

public static class LadspaPort
{
    public const int Input = 0x1, Output = 0x2, Control = 0x4, Audio = 0x8;
}

public static class LadspaHint
{
    public const int BoundedBelow = 0x1, BoundedAbove = 0x2, Toggled = 0x4, SampleRate = 0x8,
        Logarithmic = 0x10, Integer = 0x20, DefaultMask = 0x3C0, DefaultNone = 0x0,
        DefaultMinimum = 0x40, DefaultLow = 0x80, DefaultMiddle = 0xC0, DefaultHigh = 0x100,
        DefaultMaximum = 0x140, Default0 = 0x200, Default1 = 0x240, Default100 = 0x280, Default440 = 0x2C0;
}

public static class LadspaProperty
{
    public const int Realtime = 0x1, InplaceBroken = 0x2, HardRtCapable = 0x4;
}

[StructLayout(LayoutKind.Sequential)]
public struct LadspaPortRangeHint
{
    public int HintDescriptor;
    public float LowerBound;
    public float UpperBound;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct LadspaDescriptor
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
