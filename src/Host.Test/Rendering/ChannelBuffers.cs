using System.Runtime.InteropServices;

namespace PercepNet.HostTest.Rendering;

/// Per-channel native sample buffers and the float** arrays handed to the plugin. In-place
/// mode passes the same pointers for input and output, as hosts may do.
public sealed unsafe class ChannelBuffers : IDisposable
{
    readonly int _channels;
    readonly int _capacity;
    public float** InputPointers { get; }
    public float** OutputPointers { get; }

    public ChannelBuffers(int channels, int capacity, bool inPlace)
    {
        _channels = channels;
        _capacity = Math.Max(1, capacity);
        InputPointers = (float**)NativeMemory.AllocZeroed((nuint)(Math.Max(1, channels) * sizeof(float*)));
        OutputPointers = inPlace ? InputPointers : (float**)NativeMemory.AllocZeroed((nuint)(Math.Max(1, channels) * sizeof(float*)));
        for (int c = 0; c < channels; c++)
        {
            InputPointers[c] = (float*)NativeMemory.AlignedAlloc((nuint)(_capacity * sizeof(float)), 64);
            if (!inPlace) OutputPointers[c] = (float*)NativeMemory.AlignedAlloc((nuint)(_capacity * sizeof(float)), 64);
        }
    }

    public Span<float> Input(int channel, int frames) => new(InputPointers[channel], Check(frames));
    public Span<float> Output(int channel, int frames) => new(OutputPointers[channel], Check(frames));

    int Check(int frames) => frames <= _capacity ? frames : throw new ArgumentOutOfRangeException(nameof(frames));

    public void Dispose()
    {
        bool inPlace = InputPointers == OutputPointers;
        for (int c = 0; c < _channels; c++)
        {
            NativeMemory.AlignedFree(InputPointers[c]);
            if (!inPlace) NativeMemory.AlignedFree(OutputPointers[c]);
        }
        NativeMemory.Free(InputPointers);
        if (!inPlace) NativeMemory.Free(OutputPointers);
    }
}
