namespace PercepNet.Cli.Bench;

/// <summary>
/// Endless speech-like program material for throughput runs, generated block by block (never held whole): per channel
/// a gliding harmonic voice with syllable-rate bursts and pauses, over steady white noise at about 10 dB SNR.
/// The voice is synthesised once (a 9.7 s loop, long against the network's memory) and the noise drawn fresh, so
/// generating hours of input costs little next to processing it.
/// </summary>
public sealed class SyntheticRecording
{
    private const double LoopSeconds = 9.7;

    private readonly int _channels;
    private readonly float[][] _voice;
    private readonly Random _random;
    private long _frame;

    public SyntheticRecording(int sampleRate, int channels, int seed = 1)
    {
        _channels = channels;
        _random = new Random(seed);
        int length = (int)(LoopSeconds * sampleRate);
        _voice = new float[channels][];
        for (int c = 0; c < channels; c++)
        {
            var v = _voice[c] = new float[length];
            double phase = 0;
            for (int i = 0; i < length; i++)
            {
                double t = (double)i / sampleRate;
                double syllable = Math.Max(0, Math.Sin(2 * Math.PI * 3.3 * t)) * (Math.Sin(2 * Math.PI * 0.23 * t) > -0.3 ? 1 : 0);
                double f0 = 120 + 40 * c + 30 * Math.Sin(2 * Math.PI * 0.5 * t + c);
                phase += 2 * Math.PI * f0 / sampleRate;
                double sum = 0;
                for (int h = 1; h <= 20 && h * f0 < 8000; h++) sum += Math.Sin(h * phase) / h;
                v[i] = (float)(0.25 * syllable * sum);
            }
        }
    }

    public void Fill(Span<float> interleaved)
    {
        int frames = interleaved.Length / _channels;
        int length = _voice[0].Length;
        for (int i = 0; i < frames; i++, _frame++)
        {
            int at = (int)(_frame % length);
            for (int c = 0; c < _channels; c++)
                interleaved[i * _channels + c] = _voice[c][at] + 0.03f * (2 * _random.NextSingle() - 1);
        }
    }
}
