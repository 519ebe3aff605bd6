namespace PercepNet.Cli.Audio;

/// <summary>An encoder that takes interleaved float frames and writes one audio file into a seekable stream.</summary>
public interface IAudioWriter : IDisposable
{
    /// <summary>Samples that were beyond full scale and were clamped (or, for float, are out of [−1, 1]).</summary>
    long ClippedSamples { get; }

    /// <summary>Writes interleaved frames (length a multiple of Channels).</summary>
    void Write(ReadOnlySpan<float> interleaved);

    /// <summary>Writes what only the end can tell (sizes, checksums). Without it the file is incomplete.</summary>
    void Complete();
}
