using NAudio.Wave;
using NAudio.Wave.SampleProviders;

namespace PercepNet.HostTest.Rendering;

/// Multichannel audio as planar float arrays (channel → samples), read and written with
/// NAudio. Output is 32-bit float so that comparisons are not limited by 16-bit rounding.
public sealed record PlanarAudio(float[][] Channels, int SampleRate)
{
    public int Frames => Channels.Length == 0 ? 0 : Channels[0].Length;

    public static PlanarAudio Read(string path)
    {
        using var reader = new WaveFileReader(path);
        return FromProvider(reader.ToSampleProvider(), reader.WaveFormat.SampleRate);
    }

    static PlanarAudio FromProvider(ISampleProvider provider, int sampleRate)
    {
        int channels = provider.WaveFormat.Channels;
        var interleaved = new List<float>();
        var buffer = new float[8192 * channels];
        int read;
        while ((read = provider.Read(buffer, 0, buffer.Length)) > 0)
            interleaved.AddRange(buffer.AsSpan(0, read).ToArray());
        int frames = interleaved.Count / channels;
        var planar = new float[channels][];
        for (int c = 0; c < channels; c++)
        {
            planar[c] = new float[frames];
            for (int i = 0; i < frames; i++) planar[c][i] = interleaved[i * channels + c];
        }
        return new PlanarAudio(planar, sampleRate);
    }

    /// Resampled with NAudio's WDL resampler (windowed sinc), for `render --rate`.
    public PlanarAudio Resample(int rate)
    {
        if (rate == SampleRate) return this;
        var source = new PlanarProvider(this);
        var resampler = new WdlResamplingSampleProvider(source, rate);
        return FromProvider(resampler, rate);
    }

    public void Write(string path)
    {
        var format = WaveFormat.CreateIeeeFloatWaveFormat(SampleRate, Channels.Length);
        using var writer = new WaveFileWriter(path, format);
        var frame = new float[Channels.Length];
        for (int i = 0; i < Frames; i++)
        {
            for (int c = 0; c < Channels.Length; c++) frame[c] = Channels[c][i];
            writer.WriteSamples(frame, 0, frame.Length);
        }
    }

    sealed class PlanarProvider(PlanarAudio audio) : ISampleProvider
    {
        int _position;
        public WaveFormat WaveFormat { get; } = WaveFormat.CreateIeeeFloatWaveFormat(audio.SampleRate, audio.Channels.Length);

        public int Read(float[] buffer, int offset, int count)
        {
            int channels = audio.Channels.Length;
            int frames = Math.Min(count / channels, audio.Frames - _position);
            for (int i = 0; i < frames; i++)
                for (int c = 0; c < channels; c++)
                    buffer[offset + i * channels + c] = audio.Channels[c][_position + i];
            _position += frames;
            return frames * channels;
        }
    }
}
