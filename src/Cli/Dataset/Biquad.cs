namespace PercepNet.Cli.Dataset;

/// <summary>Second-order IIR section (RBJ Audio EQ Cookbook), for offline augmentation and measurement.</summary>
public sealed class Biquad(double b0, double b1, double b2, double a1, double a2)
{
    /// <summary>RBJ high-pass. Two in series with Q 0.5412 and 1.3066 make a 4th-order Butterworth.</summary>
    public static Biquad HighPass(double fs, double f0, double q)
    {
        double w0 = 2 * Math.PI * f0 / fs, cos = Math.Cos(w0), alpha = Math.Sin(w0) / (2 * q);
        double a0 = 1 + alpha;
        return new Biquad((1 + cos) / 2 / a0, -(1 + cos) / a0, (1 + cos) / 2 / a0, -2 * cos / a0, (1 - alpha) / a0);
    }

    /// <summary>A copy of <paramref name="x"/> through a 4th-order Butterworth high-pass at <paramref name="f0"/> Hz.</summary>
    public static float[] HighPassed(ReadOnlySpan<float> x, double fs, double f0)
    {
        var y = x.ToArray();
        HighPass(fs, f0, 0.5412).Process(y);
        HighPass(fs, f0, 1.3066).Process(y);
        return y;
    }

    /// <summary>RBJ band-pass with 0 dB peak gain at <paramref name="f0"/>.</summary>
    public static Biquad BandPass(double fs, double f0, double q)
    {
        double w0 = 2 * Math.PI * f0 / fs, cos = Math.Cos(w0), alpha = Math.Sin(w0) / (2 * q);
        double a0 = 1 + alpha;
        return new Biquad(alpha / a0, 0, -alpha / a0, -2 * cos / a0, (1 - alpha) / a0);
    }

    public static Biquad LowShelf(double fs, double f0, double gainDb) => Shelf(fs, f0, gainDb, high: false);
    public static Biquad HighShelf(double fs, double f0, double gainDb) => Shelf(fs, f0, gainDb, high: true);

    private static Biquad Shelf(double fs, double f0, double gainDb, bool high)
    {
        double a = Math.Pow(10, gainDb / 40), w0 = 2 * Math.PI * f0 / fs;
        double cos = Math.Cos(w0), alpha = Math.Sin(w0) / 2 * Math.Sqrt(2); // shelf slope S = 1
        double sq = 2 * Math.Sqrt(a) * alpha;
        double s = high ? -1 : 1;
        double b0 = a * ((a + 1) - s * (a - 1) * cos + sq);
        double b1 = s * 2 * a * ((a - 1) - s * (a + 1) * cos);
        double b2 = a * ((a + 1) - s * (a - 1) * cos - sq);
        double a0 = (a + 1) + s * (a - 1) * cos + sq;
        double a1 = -s * 2 * ((a - 1) + s * (a + 1) * cos);
        double a2 = (a + 1) + s * (a - 1) * cos - sq;
        return new Biquad(b0 / a0, b1 / a0, b2 / a0, a1 / a0, a2 / a0);
    }

    public void Process(Span<float> x)
    {
        double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double v = x[i];
            double y = b0 * v + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
            x2 = x1; x1 = v; y2 = y1; y1 = y;
            x[i] = (float)y;
        }
    }
}
