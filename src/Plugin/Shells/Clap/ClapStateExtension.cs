using System.Runtime.InteropServices;
using PercepNet.Plugin.Core;

namespace PercepNet.Plugin.Shells.Clap;

/// <summary>
/// clap.state: the bytes of <see cref="PluginState"/>. Streams may move fewer bytes per call
/// than asked (a host may hand us its data a few bytes at a time), so both directions loop.
/// </summary>
internal static unsafe class ClapStateExtension
{
    public static readonly ClapPluginState* Table = Build();

    static ClapPluginState* Build()
    {
        var table = (ClapPluginState*)NativeMemory.AllocZeroed((nuint)sizeof(ClapPluginState));
        table->Save = &Save;
        table->Load = &Load;
        return table;
    }

    [UnmanagedCallersOnly]
    static byte Save(ClapPlugin* plugin, ClapOStream* stream)
    {
        var self = ClapPluginInstance.From(plugin);
        if (self is null || stream == null || stream->Write == null) return 0;
        byte[] bytes = self.Processor.SaveState();
        fixed (byte* data = bytes)
        {
            for (int written = 0; written < bytes.Length;)
            {
                long n = stream->Write(stream, data + written, (ulong)(bytes.Length - written));
                if (n <= 0) return 0;
                written += (int)Math.Min(n, bytes.Length - written);
            }
        }
        return 1;
    }

    [UnmanagedCallersOnly]
    static byte Load(ClapPlugin* plugin, ClapIStream* stream)
    {
        var self = ClapPluginInstance.From(plugin);
        if (self is null || stream == null || stream->Read == null) return 0;
        // One byte more than the largest state we accept, to recognise an oversized stream.
        var buffer = new byte[PluginState.MaxBytes + 1];
        int total = 0;
        fixed (byte* data = buffer)
        {
            while (total < buffer.Length)
            {
                long n = stream->Read(stream, data + total, (ulong)(buffer.Length - total));
                if (n < 0) return 0;
                if (n == 0) break;
                total += (int)Math.Min(n, buffer.Length - total);
            }
        }
        if (total > PluginState.MaxBytes || !self.Processor.LoadState(buffer.AsSpan(0, total))) return 0;
        self.AfterValuesLoaded();
        return 1;
    }
}
