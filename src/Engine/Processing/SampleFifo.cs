namespace PercepNet.Engine.Processing;

/// <summary>Fixed-capacity single-threaded ring buffer of samples. Never allocates after construction.</summary>
public sealed class SampleFifo
{
    private readonly float[] _buffer;
    private int _read, _count;

    public SampleFifo(int capacity) => _buffer = new float[capacity];

    public int Count => _count;

    /// <summary>Appends as much of <paramref name="samples"/> as fits; returns how many were taken.</summary>
    public int Write(ReadOnlySpan<float> samples)
    {
        int n = Math.Min(samples.Length, _buffer.Length - _count);
        int write = (_read + _count) % _buffer.Length;
        int first = Math.Min(n, _buffer.Length - write);
        samples[..first].CopyTo(_buffer.AsSpan(write));
        samples[first..n].CopyTo(_buffer);
        _count += n;
        return n;
    }

    /// <summary>Removes up to destination.Length oldest samples into it; returns how many.</summary>
    public int Read(Span<float> destination)
    {
        int n = Math.Min(destination.Length, _count);
        int first = Math.Min(n, _buffer.Length - _read);
        _buffer.AsSpan(_read, first).CopyTo(destination);
        _buffer.AsSpan(0, n - first).CopyTo(destination[first..]);
        _read = (_read + n) % _buffer.Length;
        _count -= n;
        return n;
    }

    public void Clear() => _read = _count = 0;
}
