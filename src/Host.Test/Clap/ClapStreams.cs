using System.Runtime.InteropServices;

namespace PercepNet.HostTest.Clap;

/// clap_ostream_t collecting everything the plugin writes during state save.
public sealed unsafe class ClapMemoryOutputStream : IDisposable
{
    public ClapOStream* Native { get; }
    readonly MemoryStream _bytes = new();
    GCHandle _self;

    public ClapMemoryOutputStream()
    {
        _self = GCHandle.Alloc(this);
        Native = (ClapOStream*)NativeMemory.AllocZeroed((nuint)sizeof(ClapOStream));
        Native->Ctx = (void*)GCHandle.ToIntPtr(_self);
        Native->Write = &Write;
    }

    public byte[] ToArray() => _bytes.ToArray();

    [UnmanagedCallersOnly]
    static long Write(ClapOStream* stream, void* buffer, ulong size)
    {
        var self = (ClapMemoryOutputStream)GCHandle.FromIntPtr((IntPtr)stream->Ctx).Target!;
        if (size > int.MaxValue) return -1;
        self._bytes.Write(new ReadOnlySpan<byte>(buffer, (int)size));
        return (long)size;
    }

    public void Dispose()
    {
        if (_self.IsAllocated) _self.Free();
        NativeMemory.Free(Native);
    }
}

/// clap_istream_t over a byte array that returns at most `chunk` bytes per read, because
/// hosts stream state from disk or network and a plugin must loop until read() returns 0.
public sealed unsafe class ClapMemoryInputStream : IDisposable
{
    public ClapIStream* Native { get; }
    readonly byte[] _data;
    readonly int _chunk;
    int _position;
    GCHandle _self;

    public ClapMemoryInputStream(byte[] data, int chunk)
    {
        _data = data;
        _chunk = Math.Max(1, chunk);
        _self = GCHandle.Alloc(this);
        Native = (ClapIStream*)NativeMemory.AllocZeroed((nuint)sizeof(ClapIStream));
        Native->Ctx = (void*)GCHandle.ToIntPtr(_self);
        Native->Read = &Read;
    }

    [UnmanagedCallersOnly]
    static long Read(ClapIStream* stream, void* buffer, ulong size)
    {
        var self = (ClapMemoryInputStream)GCHandle.FromIntPtr((IntPtr)stream->Ctx).Target!;
        int count = (int)Math.Min(Math.Min(size, (ulong)self._chunk), (ulong)(self._data.Length - self._position));
        self._data.AsSpan(self._position, count).CopyTo(new Span<byte>(buffer, count));
        self._position += count;
        return count;
    }

    public void Dispose()
    {
        if (_self.IsAllocated) _self.Free();
        NativeMemory.Free(Native);
    }
}
