namespace PercepNet.Cli.Dataset;

/// <summary>
/// Offline augmentation for training mixtures (the data is small, so it must be varied hard:
/// speed/pitch, EQ, reverberation, level). Not real-time code.
/// </summary>
public static class Augmentation
{
    /// <summary>
    /// Changes speed and pitch together by <paramref name="factor"/> (&gt; 1 = faster, higher) with a
    /// windowed-sinc interpolator whose cutoff follows the ratio, so speeding up does not alias.
    /// </summary>
    public static float[] ChangeSpeed(float[] x, double factor)
    {
        if (Math.Abs(factor - 1) < 1e-6) return (float[])x.Clone();
        int n = (int)(x.Length / factor);
        var y = new float[n];
        double cutoff = Math.Min(1.0, 1.0 / factor);
        const int zeroCrossings = 12, tableSteps = 256;
        // Hann-windowed sinc tabulated over |d| ≤ zeroCrossings (d in cutoff-scaled samples).
        var table = new float[zeroCrossings * tableSteps + 2];
        for (int i = 0; i < table.Length; i++)
        {
            double d = (double)i / tableSteps;
            double sinc = d < 1e-9 ? 1 : Math.Sin(Math.PI * d) / (Math.PI * d);
            table[i] = d >= zeroCrossings ? 0f : (float)(sinc * (0.5 + 0.5 * Math.Cos(Math.PI * d / zeroCrossings)));
        }
        int half = (int)Math.Ceiling(zeroCrossings / cutoff);
        for (int i = 0; i < n; i++)
        {
            double t = i * factor;
            int center = (int)t;
            double acc = 0;
            int k0 = Math.Max(0, center - half + 1), k1 = Math.Min(x.Length - 1, center + half);
            for (int k = k0; k <= k1; k++)
            {
                double pos = Math.Abs(t - k) * cutoff * tableSteps;
                int idx = (int)pos;
                if (idx >= table.Length - 1) continue;
                double frac = pos - idx;
                acc += x[k] * (table[idx] + frac * (table[idx + 1] - table[idx]));
            }
            y[i] = (float)(acc * cutoff);
        }
        return y;
    }

    /// <summary>Random spectral tilt / EQ: a low shelf and a high shelf (RBJ biquads) with ±gain dB.</summary>
    public static void RandomEq(float[] x, Random rng, double maxGainDb = 8)
    {
        var low = Biquad.LowShelf(48000, 150 + rng.NextDouble() * 450, (rng.NextDouble() * 2 - 1) * maxGainDb);
        var high = Biquad.HighShelf(48000, 2000 + rng.NextDouble() * 6000, (rng.NextDouble() * 2 - 1) * maxGainDb);
        low.Process(x);
        high.Process(x);
    }

    /// <summary>
    /// Splits a room response at its direct path: the target keeps the direct sound and the first
    /// 50 ms (docs/DESIGN.md §3: "early part of the room response"), faded out over 5 ms.
    /// </summary>
    public static float[] EarlyPart(float[] rir, int sampleRate = 48000)
    {
        int peak = 0;
        for (int i = 1; i < rir.Length; i++) if (Math.Abs(rir[i]) > Math.Abs(rir[peak])) peak = i;
        int end = Math.Min(rir.Length, peak + sampleRate * 50 / 1000);
        int fade = sampleRate * 5 / 1000;
        var early = new float[end];
        Array.Copy(rir, early, end);
        for (int i = 0; i < fade && end - 1 - i >= 0; i++)
            early[end - 1 - i] *= (float)(0.5 - 0.5 * Math.Cos(Math.PI * i / fade));
        return early;
    }

    /// <summary><paramref name="n"/> samples of <paramref name="src"/> from <paramref name="start"/> on,
    /// wrapping around its end (recordings shorter than the mixture repeat).</summary>
    public static float[] Loop(float[] src, int start, int n)
    {
        var y = new float[n];
        for (int i = 0; i < n; i++) y[i] = src[(start + i) % src.Length];
        return y;
    }

    public static double Rms(ReadOnlySpan<float> x)
    {
        double s = 0;
        foreach (var v in x) s += (double)v * v;
        return Math.Sqrt(s / Math.Max(1, x.Length));
    }

    public static void Scale(Span<float> x, double k)
    {
        for (int i = 0; i < x.Length; i++) x[i] = (float)(x[i] * k);
    }

    /// <summary><paramref name="x"/> minus its <see cref="LowPassed"/> copy: high-passed at <paramref name="cutoffHz"/>,
    /// zero-phase like it.</summary>
    public static float[] HighPassed(float[] x, double cutoffHz, int sampleRate = 48000)
    {
        var low = LowPassed(x, cutoffHz, sampleRate);
        var y = new float[x.Length];
        for (int i = 0; i < y.Length; i++) y[i] = x[i] - low[i];
        return y;
    }

    /// <summary>
    /// <paramref name="x"/> low-passed at <paramref name="cutoffHz"/> with a zero-phase windowed sinc (1,023 taps,
    /// Blackman: about 260 Hz transition, 74 dB stop band), so the output stays aligned with any signal it is
    /// compared to. Makes a mixture sound like a recording made at a lower sample rate.
    /// </summary>
    public static float[] LowPassed(float[] x, double cutoffHz, int sampleRate = 48000)
    {
        const int half = 511;
        var h = new float[2 * half + 1];
        double fc = cutoffHz / sampleRate;
        for (int i = -half; i <= half; i++)
        {
            double sinc = i == 0 ? 2 * fc : Math.Sin(2 * Math.PI * fc * i) / (Math.PI * i);
            double w = 0.42 + 0.5 * Math.Cos(Math.PI * i / half) + 0.08 * Math.Cos(2 * Math.PI * i / half);
            h[i + half] = (float)(sinc * w);
        }
        var padded = new float[x.Length + half];
        x.CopyTo(padded, 0);
        var y = FftConvolver.Convolve(padded, h);
        return y.AsSpan(half, x.Length).ToArray();
    }
}
