namespace PercepNet.Cli.Dataset.Synthetic;

/// <summary>
/// Engines, fans and motors (issue 18): a drifting fundamental of 25–400 Hz with many harmonics (firing or
/// blade-pass tones) over broadband noise, sometimes with a high motor whine, sometimes cycling like an
/// exercise machine. Stationary in spectrum but periodic, the case between hum and broadband noise.
/// </summary>
public static class MachineNoise
{
    private const int Rate = 48000;

    public static float[] Make(Random rng, int n, List<string> desc)
    {
        var y = new float[n];
        double f0 = 25 * Math.Pow(16, rng.NextDouble());
        int harmonics = 5 + rng.Next(26);
        var amp = new double[harmonics];
        for (int h = 0; h < harmonics; h++) amp[h] = Math.Pow(10, (-rng.NextDouble() * 24 - 3 * Math.Log2(h + 1)) / 20);
        double whine = rng.NextDouble() < 0.4 ? 1000 + rng.NextDouble() * 7000 : 0;
        double cycle = rng.NextDouble() < 0.3 ? 0.4 + rng.NextDouble() * 1.6 : 0; // strokes per second
        double noiseShare = rng.NextDouble() * 0.7, lp = 0, drift = 0, phase = 0, whinePhase = 0;
        double lpCoeff = Math.Exp(-2 * Math.PI * (300 + rng.NextDouble() * 3000) / Rate);
        for (int i = 0; i < n; i++)
        {
            // A slow random walk of ±10 % in speed; a cycling machine also swings ±15 % each stroke.
            if (i % 480 == 0) drift = Math.Clamp(drift + (rng.NextDouble() - 0.5) * 0.01, -0.1, 0.1);
            double speed = 1 + drift + (cycle > 0 ? 0.15 * Math.Sin(2 * Math.PI * cycle * i / Rate) : 0);
            phase += 2 * Math.PI * f0 * speed / Rate;
            double v = 0;
            for (int h = 0; h < harmonics && f0 * speed * (h + 1) < 20000; h++) v += amp[h] * Math.Sin((h + 1) * phase);
            if (whine > 0) { whinePhase += 2 * Math.PI * whine * speed / Rate; v += 0.3 * Math.Sin(whinePhase); }
            lp = lpCoeff * lp + (1 - lpCoeff) * (rng.NextDouble() * 2 - 1);
            y[i] = (float)((1 - noiseShare) * v + noiseShare * 8 * lp);
        }
        desc.Add($"machine {f0:F0} Hz" + (whine > 0 ? $" whine {whine:F0} Hz" : "") + (cycle > 0 ? " cycling" : ""));
        return y;
    }
}
