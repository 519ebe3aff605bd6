namespace PercepNet.Cli.Audio;

/// <summary>A decoder that hands out interleaved float frames in bounded pieces (files are never loaded whole).</summary>
public interface IAudioReader : IDisposable
{
    AudioFormat Format { get; }

    /// <summary>Exact for WAV; an estimate from the container for compressed formats.</summary>
    long FrameCount { get; }

    /// <summary>Chunks to carry to the output (WAV only; empty otherwise).</summary>
    IReadOnlyList<WavChunk> ExtraChunks { get; }

    /// <summary>Tags to carry to the output (FLAC only; <see cref="VorbisComments.None"/> otherwise).</summary>
    VorbisComments Comments => VorbisComments.None;

    /// <summary>Fills <paramref name="interleaved"/> (length a multiple of Channels); returns frames read, 0 at the end.</summary>
    int Read(Span<float> interleaved);
}
