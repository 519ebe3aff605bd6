namespace PercepNet.Tests.Metrics;

/// <summary>Deterministic test signals, reproducible bit for bit outside .NET (the pystoi reference values were made from them).</summary>
internal static class MetricSignals
{
    /// <summary>
    /// Speech-like: a 150 Hz harmonic series (10 harmonics, 1/h) under a 4 Hz syllable-rate envelope,
    /// silent over [silenceFrom, silenceTo) so that silent-frame removal has work to do.
    /// </summary>
    public static float[] Voiced(double rate, int count, int silenceFrom = 0, int silenceTo = 0)
    {
        var x = new float[count];
        for (int n = 0; n < count; n++)
        {
            double sum = 0;
            for (int h = 1; h <= 10; h++) sum += 1.0 / h * Math.Sin(2 * Math.PI * h * 150 * n / rate + h);
            double envelope = 0.5 + 0.5 * Math.Sin(2 * Math.PI * 4 * n / rate);
            x[n] = n >= silenceFrom && n < silenceTo ? 0f : (float)(sum * envelope);
        }
        return x;
    }

    /// <summary>Uniform noise in [−0.5, 0.5) from the LCG s ← (1103515245·s + 12345) mod 2³¹, s₀ = 12345.</summary>
    public static double[] LcgNoise(int count)
    {
        var u = new double[count];
        long s = 12345;
        for (int i = 0; i < count; i++)
        {
            s = (s * 1103515245 + 12345) % (1L << 31);
            u[i] = (double)s / (1L << 31) - 0.5;
        }
        return u;
    }

    public static float[] Gaussian(int count, int seed)
    {
        var random = new Random(seed);
        var x = new float[count];
        for (int i = 0; i < count; i++)
            x[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        return x;
    }

    /// <summary>signal + noise scaled so that their energy ratio is exactly <paramref name="snrDb"/>.</summary>
    public static float[] Mix(float[] signal, float[] noise, double snrDb)
    {
        double es = 0, en = 0;
        for (int i = 0; i < signal.Length; i++) { es += (double)signal[i] * signal[i]; en += (double)noise[i] * noise[i]; }
        double g = Math.Sqrt(es / en / Math.Pow(10, snrDb / 10));
        var y = new float[signal.Length];
        for (int i = 0; i < y.Length; i++) y[i] = (float)(signal[i] + g * noise[i]);
        return y;
    }
}
