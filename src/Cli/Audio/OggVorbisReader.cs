using NVorbis;

namespace PercepNet.Cli.Audio;

/// <summary>Ogg Vorbis through NVorbis, a fully managed decoder.</summary>
public sealed class OggVorbisReader : IAudioReader
{
    private readonly VorbisReader _reader;

    public AudioFormat Format { get; }
    public long FrameCount { get; }
    public IReadOnlyList<WavChunk> ExtraChunks => [];

    public OggVorbisReader(Stream stream)
    {
        try
        {
            _reader = new VorbisReader(stream, closeOnDispose: true);
            _reader.ClipSamples = false; // clipping is counted and handled once, at the output
            Format = new AudioFormat(_reader.SampleRate, _reader.Channels, SampleEncoding.Float32);
            FrameCount = _reader.TotalSamples;
        }
        catch (Exception e) when (e is not AudioFormatException)
        {
            throw new AudioFormatException($"not a readable Ogg Vorbis file: {e.Message}");
        }
    }

    public int Read(Span<float> interleaved)
    {
        int channels = Format.Channels;
        int wanted = interleaved.Length / channels * channels;
        int got = 0;
        while (got < wanted)
        {
            int n = _reader.ReadSamples(interleaved[got..wanted]);
            if (n <= 0) break;
            got += n;
        }
        return got / channels;
    }

    public void Dispose() => _reader.Dispose();
}
