namespace PercepNet.Cli.Dataset.Synthetic;

/// <summary>
/// Transients (issue 18): typing, mouse clicks and clock ticks. Each click is a 1–12 ms noise burst through a
/// resonance at 1–8 kHz with an exponential decay; typing comes in bursts of 3–12 keys per second, ticks on a
/// beat. Broadband and short, they test that a gain which opens for an onset closes again within a frame.
/// </summary>
public static class Clicks
{
    private const int Rate = 48000;

    public static float[] Make(Random rng, int n, List<string> desc)
    {
        var y = new float[n];
        bool ticks = rng.NextDouble() < 0.25;
        double rate = ticks ? 1 + rng.NextDouble() * 3 : 3 + rng.NextDouble() * 9;
        double t = rng.NextDouble() * 0.3 * Rate;
        while (t < n)
        {
            Click(rng, y, (int)t);
            t += ticks ? Rate / rate : Rate / rate * -Math.Log(1 - rng.NextDouble()); // Poisson-timed keys
            if (!ticks && rng.NextDouble() < 0.08) t += Rate * (0.3 + rng.NextDouble() * 1.5); // pause between words
        }
        desc.Add(ticks ? $"ticks {rate:F1}/s" : $"typing {rate:F1}/s");
        return y;
    }

    private static void Click(Random rng, float[] y, int start)
    {
        int len = (int)((0.001 + rng.NextDouble() * 0.011) * Rate);
        double f = 1000 + rng.NextDouble() * 7000, q = 1 + rng.NextDouble() * 6, level = 0.3 + rng.NextDouble() * 0.7;
        var burst = new float[Math.Min(len * 4, y.Length - start)];
        for (int i = 0; i < burst.Length; i++) burst[i] = (float)((rng.NextDouble() * 2 - 1) * Math.Exp(-4.0 * i / len));
        Biquad.BandPass(Rate, f, q).Process(burst);
        for (int i = 0; i < burst.Length; i++) y[start + i] += (float)(level * burst[i]);
    }
}
