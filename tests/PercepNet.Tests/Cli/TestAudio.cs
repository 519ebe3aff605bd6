using PercepNet.Cli.Audio;

namespace PercepNet.Tests.Cli;

/// <summary>Generated signals and temp folders for the CLI tests.</summary>
internal static class TestAudio
{
    /// <summary>
    /// Speech-like test signal: a harmonic tone with a gliding pitch (like voiced speech), syllable-rate amplitude
    /// modulation and a white-noise floor, different per channel.
    /// </summary>
    public static float[] Speechlike(int sampleRate, int channels, double seconds, int seed = 1, double noiseLevel = 0.02)
    {
        int frames = (int)Math.Round(seconds * sampleRate);
        var rng = new Random(seed);
        var x = new float[frames * channels];
        for (int c = 0; c < channels; c++)
        {
            double phase = 0;
            for (int i = 0; i < frames; i++)
            {
                double t = (double)i / sampleRate;
                double f0 = 140 + 30 * c + 25 * Math.Sin(2 * Math.PI * 0.7 * t);
                phase += 2 * Math.PI * f0 / sampleRate;
                double voiced = 0;
                for (int h = 1; h <= 12 && h * f0 < sampleRate / 2.0; h++) voiced += Math.Sin(h * phase) / h;
                double envelope = 0.5 + 0.5 * Math.Sin(2 * Math.PI * 4 * t);
                double noise = (rng.NextDouble() * 2 - 1) * noiseLevel;
                x[i * channels + c] = (float)(0.3 * envelope * voiced + noise);
            }
        }
        return x;
    }

    /// <summary>Rounds samples to what the encoding can hold, so a PCM round trip can be compared exactly.</summary>
    public static float[] QuantizedTo(float[] x, SampleEncoding encoding)
    {
        var bytes = new byte[x.Length * encoding.BytesPerSample()];
        SampleCodec.Encode(x, encoding, bytes, dither: null);
        var y = new float[x.Length];
        SampleCodec.Decode(bytes, encoding, y);
        return y;
    }

    public static void WriteWav(string path, float[] interleaved, AudioFormat format, IReadOnlyList<WavChunk>? chunks = null)
    {
        using var stream = File.Create(path);
        var writer = new WavWriter(stream, format, chunks);
        writer.Write(interleaved);
        writer.Complete();
    }

    public static float[] ReadAll(IAudioReader reader)
    {
        var all = new List<float>();
        var buffer = new float[1000 * reader.Format.Channels];
        int frames;
        while ((frames = reader.Read(buffer)) > 0) all.AddRange(buffer.AsSpan(0, frames * reader.Format.Channels));
        return all.ToArray();
    }

    public static float[] ReadWav(string path, out AudioFormat format)
    {
        using var reader = WavReader.Open(path);
        format = reader.Format;
        return ReadAll(reader);
    }
}

/// <summary>A fresh temp folder per test, removed afterwards.</summary>
internal sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("percepnet-cli-test-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
