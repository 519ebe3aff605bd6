using System.Runtime.CompilerServices;

namespace PercepNet.Engine.Dsp;

/// <summary>Single-precision complex number: the engine's spectra are float to halve memory traffic.</summary>
public readonly record struct Complex32(float Re, float Im)
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Complex32 operator +(Complex32 a, Complex32 b) => new(a.Re + b.Re, a.Im + b.Im);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Complex32 operator -(Complex32 a, Complex32 b) => new(a.Re - b.Re, a.Im - b.Im);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Complex32 operator *(Complex32 a, Complex32 b) => new(a.Re * b.Re - a.Im * b.Im, a.Re * b.Im + a.Im * b.Re);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Complex32 operator *(Complex32 a, float k) => new(a.Re * k, a.Im * k);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Complex32 Conjugate() => new(Re, -Im);
    /// <summary>i·k·this.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Complex32 TimesI(float k) => new(-Im * k, Re * k);
    public float MagnitudeSquared => Re * Re + Im * Im;
}
