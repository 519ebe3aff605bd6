using NLayer;

namespace PercepNet.Cli.Audio;

/// <summary>MP3 (MPEG-1/2 Layer I–III) through NLayer, a fully managed decoder, so it works the same on every OS.</summary>
public sealed class Mp3Reader : IAudioReader
{
    private readonly MpegFile _file;

    public AudioFormat Format { get; }
    public long FrameCount { get; }
    public IReadOnlyList<WavChunk> ExtraChunks => [];

    public Mp3Reader(Stream stream)
    {
        try
        {
            _file = new MpegFile(stream);
            // Decoded samples are float; the output defaults to 32-bit float rather than inventing a bit depth.
            Format = new AudioFormat(_file.SampleRate, _file.Channels, SampleEncoding.Float32);
            FrameCount = (long)Math.Round(_file.Duration.TotalSeconds * _file.SampleRate);
        }
        catch (Exception e) when (e is not AudioFormatException)
        {
            throw new AudioFormatException($"not a readable MP3 file: {e.Message}");
        }
        if (Format.SampleRate <= 0 || Format.Channels <= 0)
            throw new AudioFormatException("not a readable MP3 file: no MPEG audio frames found");
    }

    public int Read(Span<float> interleaved)
    {
        int channels = Format.Channels;
        int wanted = interleaved.Length / channels * channels;
        int got = 0;
        while (got < wanted)
        {
            int n = _file.ReadSamples(interleaved[got..wanted]);
            if (n <= 0) break;
            got += n;
        }
        return got / channels;
    }

    public void Dispose() => _file.Dispose();
}
