using System.Runtime.InteropServices;

namespace PercepNet.HostTest.Vst3;

[StructLayout(LayoutKind.Sequential)]
public unsafe struct IBStreamVtbl
{
    public FUnknownVtbl Unknown;
    public delegate* unmanaged<void*, void*, int, int*, int> Read;
    public delegate* unmanaged<void*, void*, int, int*, int> Write;
    public delegate* unmanaged<void*, long, int, long*, int> Seek;
    public delegate* unmanaged<void*, long*, int> Tell;
}

/// IBStream over a growable byte buffer, for getState/setState. Reads return at most
/// `readChunk` bytes per call, as a host streaming from disk may do.
public sealed unsafe class MemoryBStream : HostComObject
{
    static readonly IBStreamVtbl* Vtable = CreateVtable();
    readonly MemoryStream _data;
    readonly int _readChunk;

    static IBStreamVtbl* CreateVtable()
    {
        var v = AllocVtable<IBStreamVtbl>();
        FillUnknown(&v->Unknown);
        v->Read = &Read;
        v->Write = &Write;
        v->Seek = &Seek;
        v->Tell = &Tell;
        return v;
    }

    public MemoryBStream(byte[]? contents = null, int readChunk = int.MaxValue) : base(Vtable)
    {
        _data = new MemoryStream();
        if (contents != null) { _data.Write(contents); _data.Position = 0; }
        _readChunk = Math.Max(1, readChunk);
    }

    public byte[] ToArray() => _data.ToArray();

    protected override bool Implements(byte* iid) => Vst3Iids.IBStream.Matches(iid);

    [UnmanagedCallersOnly]
    static int Read(void* self, void* buffer, int numBytes, int* numBytesRead)
    {
        var me = From<MemoryBStream>(self);
        if (numBytes < 0) return Vst3Result.InvalidArgument;
        int count = me._data.Read(new Span<byte>(buffer, Math.Min(numBytes, me._readChunk)));
        if (numBytesRead != null) *numBytesRead = count;
        return Vst3Result.Ok;
    }

    [UnmanagedCallersOnly]
    static int Write(void* self, void* buffer, int numBytes, int* numBytesWritten)
    {
        var me = From<MemoryBStream>(self);
        if (numBytes < 0) return Vst3Result.InvalidArgument;
        me._data.Write(new ReadOnlySpan<byte>(buffer, numBytes));
        if (numBytesWritten != null) *numBytesWritten = numBytes;
        return Vst3Result.Ok;
    }

    [UnmanagedCallersOnly]
    static int Seek(void* self, long pos, int mode, long* result)
    {
        var me = From<MemoryBStream>(self);
        long target = mode switch
        {
            Vst3Constants.StreamSeekSet => pos,
            Vst3Constants.StreamSeekCur => me._data.Position + pos,
            Vst3Constants.StreamSeekEnd => me._data.Length + pos,
            _ => -1,
        };
        if (target < 0) return Vst3Result.InvalidArgument;
        me._data.Position = target;
        if (result != null) *result = target;
        return Vst3Result.Ok;
    }

    [UnmanagedCallersOnly]
    static int Tell(void* self, long* pos)
    {
        if (pos == null) return Vst3Result.InvalidArgument;
        *pos = From<MemoryBStream>(self)._data.Position;
        return Vst3Result.Ok;
    }
}
