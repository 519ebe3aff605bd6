namespace PercepNet.Tests.Dsp;

/// <summary>Deterministic synthetic signals for DSP tests.</summary>
public static class TestSignals
{
    /// <summary>
    /// Harmonic tone with vibrato: f0(t) = f0·(1 + depth·sin(2π·rate·t)), 1/h amplitude roll-off,
    /// harmonics up to 8 kHz. Returns the signal and the true period (in samples) per sample.
    /// </summary>
    public static (float[] Signal, float[] Period) Harmonic(double f0, double seconds, double vibratoDepth = 0.03, double vibratoRate = 5, int sampleRate = 48000)
    {
        int n = (int)(seconds * sampleRate);
        var x = new float[n];
        var period = new float[n];
        double phase = 0;
        for (int i = 0; i < n; i++)
        {
            double t = (double)i / sampleRate;
            double f = f0 * (1 + vibratoDepth * Math.Sin(2 * Math.PI * vibratoRate * t));
            phase += 2 * Math.PI * f / sampleRate;
            double v = 0;
            for (int h = 1; h * f < 8000; h++) v += Math.Sin(h * phase) / h;
            x[i] = (float)(0.3 * v);
            period[i] = (float)(sampleRate / f);
        }
        return (x, period);
    }

    public static float[] WhiteNoise(int n, int seed, double rms = 0.1)
    {
        var rng = new Random(seed);
        var x = new float[n];
        for (int i = 0; i < n; i++)
        {
            // Box–Muller Gaussian.
            double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
            x[i] = (float)(rms * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
        return x;
    }

    /// <summary>
    /// Babble-like noise: eight unrelated harmonic "voices" with wandering pitch (±30 %) and
    /// syllable-rate on/off envelopes, plus a noise floor.
    /// </summary>
    public static float[] Babble(int n, int seed)
    {
        var rng = new Random(seed);
        var x = new float[n];
        for (int v = 0; v < 8; v++)
        {
            double f0 = 90 + rng.NextDouble() * 180, phase = 0, drift = rng.NextDouble() * 2 * Math.PI;
            for (int i = 0; i < n; i++)
            {
                double f = f0 * (1 + 0.3 * Math.Sin(2 * Math.PI * (0.5 + 0.2 * v) * i / 48000.0 + drift));
                phase += 2 * Math.PI * f / 48000;
                double env = Math.Max(0, Math.Sin(2 * Math.PI * (2.5 + 0.37 * v) * i / 48000.0 + v));
                double s = 0;
                for (int h = 1; h * f < 4000; h++) s += Math.Sin(h * phase + h) / h;
                x[i] += (float)(env * s);
            }
        }
        var floor = WhiteNoise(n, seed + 1, 0.3);
        for (int i = 0; i < n; i++) x[i] += floor[i];
        return x;
    }

    public static double Rms(ReadOnlySpan<float> x)
    {
        double s = 0;
        foreach (var v in x) s += (double)v * v;
        return Math.Sqrt(s / Math.Max(1, x.Length));
    }

    /// <summary>a + noise scaled so that the mixture has the given SNR (dB).</summary>
    public static float[] MixAtSnr(float[] a, float[] noise, double snrDb)
    {
        double k = Rms(a) / (Rms(noise) * Math.Pow(10, snrDb / 20));
        var y = new float[a.Length];
        for (int i = 0; i < a.Length; i++) y[i] = a[i] + (float)(k * noise[i]);
        return y;
    }
}
