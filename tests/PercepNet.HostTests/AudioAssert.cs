namespace PercepNet.HostTests;

public static class AudioAssert
{
    public static float MaxAbsDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Assert.Equal(a.Length, b.Length);
        float max = 0;
        for (int i = 0; i < a.Length; i++) max = Math.Max(max, Math.Abs(a[i] - b[i]));
        return max;
    }

    public static void Close(float[][] expected, float[][] actual, float tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int c = 0; c < expected.Length; c++)
        {
            float diff = MaxAbsDifference(expected[c], actual[c]);
            Assert.True(diff < tolerance, $"{what}: channel {c} differs by {diff:g4} (tolerance {tolerance:g4})");
        }
    }

    /// No NaN, no infinity and no subnormal: what validators check on every output sample.
    public static void Clean(float[][] output, string what)
    {
        for (int c = 0; c < output.Length; c++)
            for (int i = 0; i < output[c].Length; i++)
            {
                float v = output[c][i];
                Assert.False(float.IsNaN(v) || float.IsInfinity(v), $"{what}: channel {c} sample {i} is {v}");
                Assert.False(float.IsSubnormal(v), $"{what}: channel {c} sample {i} is subnormal ({v:g9})");
            }
    }

    /// <summary>RMS of a − b over their common length.</summary>
    public static double RmsDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        int n = Math.Min(a.Length, b.Length);
        double s = 0;
        for (int i = 0; i < n; i++) s += (double)(a[i] - b[i]) * (a[i] - b[i]);
        return Math.Sqrt(s / Math.Max(1, n));
    }

    public static double Rms(ReadOnlySpan<float> x)
    {
        double sum = 0;
        foreach (float v in x) sum += (double)v * v;
        return x.Length == 0 ? 0 : Math.Sqrt(sum / x.Length);
    }

    /// Lag (0..maxLag) at which y best matches x delayed, by normalised cross-correlation.
    public static int DelayOf(ReadOnlySpan<float> x, ReadOnlySpan<float> y, int maxLag)
    {
        int best = 0;
        double bestScore = double.NegativeInfinity;
        for (int lag = 0; lag <= maxLag; lag++)
        {
            double sum = 0;
            for (int i = lag, end = Math.Min(y.Length, x.Length + lag); i < end; i++) sum += (double)y[i] * x[i - lag];
            if (sum > bestScore) { bestScore = sum; best = lag; }
        }
        return best;
    }
}
