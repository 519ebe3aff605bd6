namespace PercepNet.Cli.Bench;

/// <summary>
/// Endless speech-like program material for throughput runs, generated block by block (never held whole): per channel
/// a gliding harmonic voice with syllable-rate bursts and pauses, over steady white noise at about 10 dB SNR.
/// </summary>
public sealed class SyntheticRecording(int sampleRate, int channels, int seed = 1)
{
    private readonly Random _random = new(seed);
    private readonly double[] _phase = new double[channels];
    private long _frame;

    public void Fill(Span<float> interleaved)
    {
        int frames = interleaved.Length / channels;
        for (int i = 0; i < frames; i++, _frame++)
        {
            double t = (double)_frame / sampleRate;
            double syllable = Math.Max(0, Math.Sin(2 * Math.PI * 3.3 * t)) * (Math.Sin(2 * Math.PI * 0.23 * t) > -0.3 ? 1 : 0);
            for (int c = 0; c < channels; c++)
            {
                double f0 = 120 + 40 * c + 30 * Math.Sin(2 * Math.PI * 0.5 * t + c);
                _phase[c] += 2 * Math.PI * f0 / sampleRate;
                double voice = 0;
                for (int h = 1; h <= 20 && h * f0 < 8000; h++) voice += Math.Sin(h * _phase[c]) / h;
                double noise = _random.NextDouble() * 2 - 1;
                interleaved[i * channels + c] = (float)(0.25 * syllable * voice + 0.03 * noise);
            }
        }
    }
}
