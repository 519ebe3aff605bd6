using System.Runtime.InteropServices;
using System.Text;

namespace PercepNet.HostTest.Native;

/// C strings the host hands to plugins live in unmanaged memory for the life of the process:
/// plugins may keep the pointers (host name, extension ids) and never tell us when they stop.
public static unsafe class Utf8Strings
{
    static readonly Dictionary<string, IntPtr> Interned = new();

    public static byte* Intern(string text)
    {
        lock (Interned)
        {
            if (!Interned.TryGetValue(text, out IntPtr ptr))
            {
                ptr = Marshal.StringToCoTaskMemUTF8(text);
                Interned[text] = ptr;
            }
            return (byte*)ptr;
        }
    }

    public static string Read(byte* text) => text == null ? "" : Marshal.PtrToStringUTF8((IntPtr)text) ?? "";

    /// Reads a fixed-size char array field, stopping at the first NUL or at the capacity.
    public static string ReadFixed(byte* text, int capacity)
    {
        int length = 0;
        while (length < capacity && text[length] != 0) length++;
        return Encoding.UTF8.GetString(text, length);
    }

    /// VST3 String128: UTF-16, NUL terminated within 128 chars.
    public static string ReadUtf16Fixed(char* text, int capacity)
    {
        int length = 0;
        while (length < capacity && text[length] != '\0') length++;
        return new string(text, 0, length);
    }

    public static void WriteUtf16Fixed(string value, char* destination, int capacity)
    {
        int count = Math.Min(value.Length, capacity - 1);
        for (int i = 0; i < count; i++) destination[i] = value[i];
        destination[count] = '\0';
    }
}
