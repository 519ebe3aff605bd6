namespace PercepNet.Engine.Inference;

/// <summary>Ring buffer of the last <see cref="Depth"/> frames of one layer input, each frame written twice
/// (slot p and p + Depth) so that any run of consecutive frames is one contiguous span, oldest first, ready
/// to multiply with a convolution's tap-major weight matrix without copying. Starts (and resets) to zeros,
/// which are the frames before the stream start (models/FORMAT.md).</summary>
internal sealed class FrameHistory
{
    private readonly float[] storage;
    private int newestSlot;

    public FrameHistory(int frameSize, int depth)
    {
        FrameSize = frameSize;
        Depth = depth;
        storage = new float[2 * depth * frameSize];
        newestSlot = depth - 1;
    }

    public int FrameSize { get; }
    public int Depth { get; }

    public void Push(ReadOnlySpan<float> frame)
    {
        newestSlot = newestSlot + 1 == Depth ? 0 : newestSlot + 1;
        frame.CopyTo(storage.AsSpan(newestSlot * FrameSize, FrameSize));
        frame.CopyTo(storage.AsSpan((newestSlot + Depth) * FrameSize, FrameSize));
    }

    /// <summary><paramref name="count"/> consecutive frames, the oldest being <paramref name="oldestAge"/> frames
    /// before the newest (age 0), laid out oldest first.</summary>
    public ReadOnlySpan<float> Window(int oldestAge, int count)
    {
        int startSlot = newestSlot - oldestAge;
        if (startSlot < 0)
            startSlot += Depth;
        return storage.AsSpan(startSlot * FrameSize, count * FrameSize);
    }

    public ReadOnlySpan<float> Frame(int age) => Window(age, 1);

    public void Clear()
    {
        Array.Clear(storage);
        newestSlot = Depth - 1;
    }
}
