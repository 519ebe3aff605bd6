namespace PercepNet.Cli.Dataset.Synthetic;

/// <summary>
/// Tones switched on and off (issue 18): insect choruses (crickets' pulse trains, cicadas' buzz) and electronic
/// beeps and alarms. Narrow-band and rhythmic, they sit in a band or two of one ERB scale and look like
/// voicing onsets to a model that has never heard them.
/// </summary>
public static class PulsedTones
{
    private const int Rate = 48000;

    public static float[] Make(Random rng, int n, List<string> desc)
    {
        var y = new float[n];
        if (rng.NextDouble() < 0.55)
        {
            int insects = 1 + rng.Next(5);
            for (int k = 0; k < insects; k++)
            {
                double level = Math.Pow(10, -rng.NextDouble() * 15 / 20);
                if (rng.NextDouble() < 0.7) Cricket(rng, y, level); else Cicada(rng, y, level);
            }
            desc.Add($"insects x{insects}");
        }
        else
        {
            Alarm(rng, y);
            desc.Add("beeps");
        }
        return y;
    }

    /// <summary>Chirps of 2–8 pulses (10–30 ms, 20–60 pulses/s) on a 2.5–8 kHz carrier, 0.7–4 chirps/s.</summary>
    private static void Cricket(Random rng, float[] y, double level)
    {
        double carrier = 2500 + rng.NextDouble() * 5500, pulseRate = 20 + rng.NextDouble() * 40;
        double pulseLen = (0.01 + rng.NextDouble() * 0.02) * Rate, chirpRate = 0.7 + rng.NextDouble() * 3.3;
        int pulses = 2 + rng.Next(7);
        double phase = rng.NextDouble() * 2 * Math.PI;
        for (double chirp = rng.NextDouble() * Rate / chirpRate; chirp < y.Length; chirp += Rate / chirpRate * (0.9 + 0.2 * rng.NextDouble()))
            for (int p = 0; p < pulses; p++)
            {
                int s = (int)(chirp + p * Rate / pulseRate);
                for (int i = 0; i < pulseLen && s + i < y.Length; i++)
                    y[s + i] += (float)(level * Math.Sin(Math.PI * i / pulseLen) * Math.Sin(phase + 2 * Math.PI * carrier * (s + i) / Rate));
            }
    }

    /// <summary>A continuous buzz: a 4–9 kHz carrier amplitude-modulated at 100–300 Hz, swelling slowly.</summary>
    private static void Cicada(Random rng, float[] y, double level)
    {
        double carrier = 4000 + rng.NextDouble() * 5000, am = 100 + rng.NextDouble() * 200, swell = 0.05 + rng.NextDouble() * 0.4;
        double p0 = rng.NextDouble() * 2 * Math.PI;
        for (int i = 0; i < y.Length; i++)
        {
            double t = (double)i / Rate;
            double env = 0.6 + 0.4 * Math.Sin(2 * Math.PI * swell * t + p0);
            y[i] += (float)(level * env * (0.5 + 0.5 * Math.Sin(2 * Math.PI * am * t)) * Math.Sin(2 * Math.PI * carrier * t + p0));
        }
    }

    /// <summary>Beeps of 50–500 ms with 50–1000 ms gaps, one tone or two alternating, sine or square-like.</summary>
    private static void Alarm(Random rng, float[] y)
    {
        double f1 = 400 + rng.NextDouble() * 3100, f2 = rng.NextDouble() < 0.4 ? f1 * (0.6 + rng.NextDouble() * 0.3) : f1;
        int on = (int)((0.05 + rng.NextDouble() * 0.45) * Rate), off = (int)((0.05 + rng.NextDouble() * 0.95) * Rate);
        int harmonics = rng.NextDouble() < 0.5 ? 1 : 7;
        const int ramp = 96; // 2 ms: no click at the edges
        bool second = false;
        for (int s = rng.Next(Rate / 2); s < y.Length; s += on + off, second = !second)
        {
            double f = second ? f2 : f1;
            for (int i = 0; i < on && s + i < y.Length; i++)
            {
                double v = 0;
                for (int h = 1; h <= harmonics && f * h < 20000; h += 2) v += Math.Sin(2 * Math.PI * f * h * i / Rate) / h;
                y[s + i] = (float)(v * Math.Min(1, Math.Min(i, on - i) / (double)ramp));
            }
        }
    }
}
