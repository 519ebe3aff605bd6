namespace PercepNet.Cli.Dataset.Synthetic;

/// <summary>
/// Harmonic sounds that are not speech (issue 18): hoots, howls, whistles, bird-like chirps and sirens.
/// A pitched source with a random pitch contour and a spectral envelope without formants (a random tilt and
/// per-harmonic jitter, fixed over a call). The model passed owl hoots and dog howls as voice because every
/// harmonic sound it had heard with a target was speech; these teach it that periodicity alone is not voice.
/// A sixth kind, low calls (90–350 Hz with 10–40 harmonics: a voice without formants), was tried and dropped:
/// fine-tuned with it, the Light model took clean dev speech for noise (40 of 46 clean clips above 20 dB instead of
/// 45, worst onset −6 dB; docs/generalization.md).
/// </summary>
public static class HarmonicCalls
{
    private const int Rate = 48000;

    private enum Kind { Hoot, Howl, Whistle, Chirp, Siren }

    public static float[] Make(Random rng, int n, List<string> desc)
    {
        var kind = (Kind)rng.Next(5);
        var y = new float[n];
        if (kind == Kind.Siren) { Siren(rng, y); desc.Add("siren"); return y; }
        // Intermittent calls with gaps, like an animal or a whistler; a second caller half the time.
        int callers = 1 + (rng.NextDouble() < 0.5 ? 1 : 0);
        for (int c = 0; c < callers; c++)
        {
            double pitchScale = Math.Pow(2, rng.NextDouble() - 0.5), level = c == 0 ? 1 : Math.Pow(10, -rng.NextDouble() * 12 / 20);
            int pos = rng.Next(Rate);
            while (pos < n)
            {
                int repeats = kind is Kind.Hoot or Kind.Chirp ? 1 + rng.Next(kind == Kind.Chirp ? 8 : 4) : 1;
                for (int r = 0; r < repeats && pos < n; r++)
                {
                    pos += Call(rng, kind, pitchScale, level, y, pos);
                    pos += (int)(Rate * (kind == Kind.Chirp ? 0.02 + rng.NextDouble() * 0.1 : 0.1 + rng.NextDouble() * 0.5));
                }
                pos += (int)(Rate * (0.2 + rng.NextDouble() * 2.5));
            }
        }
        desc.Add(kind.ToString().ToLowerInvariant() + (callers > 1 ? " x2" : ""));
        return y;
    }

    /// <summary>Adds one call at <paramref name="start"/>; returns its length in samples.</summary>
    private static int Call(Random rng, Kind kind, double pitchScale, double level, float[] y, int start)
    {
        double f0, seconds, glide, vibratoDepth;
        int harmonics;
        switch (kind)
        {
            case Kind.Hoot: f0 = 250 + rng.NextDouble() * 450; seconds = 0.15 + rng.NextDouble() * 0.65; glide = 0.8 + rng.NextDouble() * 0.4; harmonics = 1 + rng.Next(4); vibratoDepth = 0.005; break;
            case Kind.Howl: f0 = 300 + rng.NextDouble() * 900; seconds = 1 + rng.NextDouble() * 3; glide = 0.6 + rng.NextDouble() * 0.9; harmonics = 3 + rng.Next(10); vibratoDepth = 0.01 + rng.NextDouble() * 0.03; break;
            case Kind.Whistle: f0 = 800 + rng.NextDouble() * 3200; seconds = 0.1 + rng.NextDouble() * 1.4; glide = 0.7 + rng.NextDouble() * 0.7; harmonics = 1 + rng.Next(2); vibratoDepth = rng.NextDouble() * 0.03; break;
            default: f0 = 1500 + rng.NextDouble() * 5500; seconds = 0.02 + rng.NextDouble() * 0.18; glide = rng.NextDouble() < 0.5 ? 1.2 + rng.NextDouble() * 1.8 : 1 / (1.2 + rng.NextDouble() * 1.8); harmonics = 1 + rng.Next(3); vibratoDepth = 0; break;
        }
        f0 *= kind == Kind.Chirp ? 1 : pitchScale;
        int len = Math.Min((int)(seconds * Rate), y.Length - start);
        if (len <= 0) return 0;
        var amp = HarmonicAmplitudes(rng, harmonics);
        var phase0 = new double[harmonics];
        for (int h = 0; h < harmonics; h++) phase0[h] = rng.NextDouble() * 2 * Math.PI;
        // Contour: a glide from f0 to f0·glide through a random midpoint (rise-fall or fall-rise), plus vibrato.
        double mid = Math.Pow(2, (rng.NextDouble() - 0.5) * 0.6), vibratoRate = 4 + rng.NextDouble() * 4;
        double attack = Math.Min(0.3, 0.005 + rng.NextDouble() * 0.1) * Rate, release = Math.Min(0.4, 0.01 + rng.NextDouble() * 0.2) * Rate;
        double phase = 0;
        for (int i = 0; i < len; i++)
        {
            double t = (double)i / len;
            double contour = (1 - t) * (1 - t) + 2 * t * (1 - t) * mid + t * t * glide;
            double f = f0 * contour * (1 + vibratoDepth * Math.Sin(2 * Math.PI * vibratoRate * i / Rate));
            phase += 2 * Math.PI * f / Rate;
            double v = 0;
            for (int h = 0; h < harmonics && f * (h + 1) < 20000; h++) v += amp[h] * Math.Sin((h + 1) * phase + phase0[h]);
            double env = Math.Min(1, Math.Min(i / attack, (len - i) / release));
            y[start + i] += (float)(level * env * v);
        }
        return len;
    }

    /// <summary>A tilt of 0–12 dB per octave with ±6 dB per-harmonic jitter: no formant structure.</summary>
    private static double[] HarmonicAmplitudes(Random rng, int harmonics)
    {
        double tilt = rng.NextDouble() * 12;
        var a = new double[harmonics];
        for (int h = 0; h < harmonics; h++)
            a[h] = Math.Pow(10, (-tilt * Math.Log2(h + 1) + (rng.NextDouble() * 2 - 1) * 6) / 20);
        return a;
    }

    /// <summary>A continuous siren: a wail (2–6 s sweeps) or a yelp (0.15–0.5 s), sine-like or square-like.</summary>
    private static void Siren(Random rng, float[] y)
    {
        bool yelp = rng.NextDouble() < 0.4;
        double period = yelp ? 0.15 + rng.NextDouble() * 0.35 : 2 + rng.NextDouble() * 4;
        double low = 450 + rng.NextDouble() * 400, high = low * (1.6 + rng.NextDouble() * 1.2);
        int harmonics = rng.NextDouble() < 0.5 ? 1 : 9;
        double phase = 0, lfo = rng.NextDouble();
        for (int i = 0; i < y.Length; i++)
        {
            double u = (i / (period * Rate) + lfo) % 1;
            double f = low + (high - low) * (u < 0.5 ? 2 * u : 2 - 2 * u);
            phase += 2 * Math.PI * f / Rate;
            double v = 0;
            for (int h = 1; h <= harmonics; h += 2) v += Math.Sin(h * phase) / h; // odd harmonics: square-like
            y[i] = (float)v;
        }
    }
}
