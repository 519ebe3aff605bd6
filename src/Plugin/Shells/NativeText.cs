using System.Runtime.InteropServices;
using System.Text;

namespace PercepNet.Plugin.Shells;

/// <summary>C strings across the ABIs: UTF-8 for CLAP and LADSPA, UTF-16 (char16) for VST3.</summary>
internal static unsafe class NativeText
{
    /// <summary>A NUL-terminated UTF-8 copy that lives as long as the library (descriptor strings).</summary>
    public static byte* AllocPermanentUtf8(string text)
    {
        int length = Encoding.UTF8.GetByteCount(text);
        var buffer = (byte*)NativeMemory.AllocZeroed((nuint)length + 1);
        Encoding.UTF8.GetBytes(text, new Span<byte>(buffer, length));
        return buffer;
    }

    public static bool EqualsUtf8(byte* text, ReadOnlySpan<byte> expected)
        => text != null && MemoryMarshal.CreateReadOnlySpanFromNullTerminated(text).SequenceEqual(expected);

    public static string? ReadUtf8(byte* text)
        => text == null ? null : Encoding.UTF8.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(text));

    /// <summary>Writes UTF-8 into a fixed-size C buffer, truncated at a character boundary, always NUL-terminated.</summary>
    public static void WriteUtf8(string text, byte* buffer, int capacity)
    {
        if (buffer == null || capacity <= 0) return;
        var destination = new Span<byte>(buffer, capacity);
        destination.Clear();
        var encoder = Encoding.UTF8.GetEncoder();
        encoder.Convert(text.AsSpan(), destination[..(capacity - 1)], flush: true, out _, out _, out _);
    }

    /// <summary>Writes UTF-16 into a fixed-size char16 buffer (VST3 String128), always NUL-terminated.</summary>
    public static void WriteUtf16(string text, char* buffer, int capacity)
    {
        if (buffer == null || capacity <= 0) return;
        var destination = new Span<char>(buffer, capacity);
        destination.Clear();
        int n = Math.Min(text.Length, capacity - 1);
        if (n > 0 && char.IsHighSurrogate(text[n - 1])) n--;
        text.AsSpan(0, n).CopyTo(destination);
    }

    public static string? ReadUtf16(char* text, int maxLength)
    {
        if (text == null) return null;
        int n = 0;
        while (n < maxLength && text[n] != '\0') n++;
        return new string(text, 0, n);
    }
}
