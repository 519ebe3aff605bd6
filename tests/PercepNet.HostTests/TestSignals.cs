using PercepNet.HostTest.Rendering;

namespace PercepNet.HostTests;

public static class TestSignals
{
    public static PlanarAudio Speech(int sampleRate = 48000, double seconds = 1.5, int channels = 1, int seed = 7)
    {
        var channel = SpeechLikeSignal.Generate(sampleRate, seconds, seed);
        var planar = new float[channels][];
        for (int c = 0; c < channels; c++)
        {
            // Stereo: the right channel is a different take so channel mix-ups show.
            planar[c] = c == 0 ? channel : SpeechLikeSignal.Generate(sampleRate, seconds, seed + 100 * c);
        }
        return new PlanarAudio(planar, sampleRate);
    }

    /// Sparse clicks of alternating sign at irregular spacing: the cross-correlation with the
    /// output has one unambiguous peak at the system's delay.
    public static PlanarAudio Clicks(int sampleRate = 48000, double seconds = 1.0)
    {
        var x = new float[(int)(sampleRate * seconds)];
        var random = new Random(11);
        for (int at = sampleRate / 20, sign = 1; at < x.Length; at += sampleRate / 10 + random.Next(sampleRate / 20), sign = -sign)
            x[at] = 0.8f * sign;
        return new PlanarAudio([x], sampleRate);
    }

    public static PlanarAudio Sine(double frequency, double amplitude, int sampleRate = 48000, double seconds = 1.0)
    {
        var x = new float[(int)(sampleRate * seconds)];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(amplitude * Math.Sin(2 * Math.PI * frequency * i / sampleRate));
        return new PlanarAudio([x], sampleRate);
    }
}
