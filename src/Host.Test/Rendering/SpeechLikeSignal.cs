namespace PercepNet.HostTest.Rendering;

/// Deterministic speech-like test audio: voiced syllables (a glottal-like harmonic series with
/// pitch glides, shaped by two vowel formants) separated by short pauses, plus low-passed noise.
/// It exercises what the denoiser reacts to (pitch, band energies, onsets) without data files.
public static class SpeechLikeSignal
{
    public static float[] Generate(int sampleRate, double seconds, int seed = 7, double noiseLevel = 0.02)
    {
        var random = new Random(seed);
        int frames = (int)Math.Round(seconds * sampleRate);
        var output = new float[frames];
        (double F1, double F2)[] vowels = [(730, 1090), (270, 2290), (530, 1840), (300, 870), (660, 1720)];
        int position = (int)(0.05 * sampleRate);
        while (position < frames)
        {
            int length = (int)((0.15 + 0.2 * random.NextDouble()) * sampleRate);
            var (f1, f2) = vowels[random.Next(vowels.Length)];
            double startPitch = 90 + 160 * random.NextDouble();
            double endPitch = startPitch * (0.7 + 0.6 * random.NextDouble());
            double phase = 0;
            for (int i = 0; i < length && position + i < frames; i++)
            {
                double t = (double)i / length;
                double pitch = startPitch + (endPitch - startPitch) * t;
                phase += 2 * Math.PI * pitch / sampleRate;
                double envelope = Math.Sin(Math.PI * t);
                double sample = 0;
                for (int h = 1; h * pitch < Math.Min(8000, sampleRate * 0.45); h++)
                {
                    double f = h * pitch;
                    double formant = Math.Exp(-Math.Pow((f - f1) / 150, 2)) + 0.6 * Math.Exp(-Math.Pow((f - f2) / 200, 2)) + 0.05;
                    sample += formant / h * Math.Sin(h * phase);
                }
                output[position + i] += (float)(0.25 * envelope * sample);
            }
            position += length + (int)((0.03 + 0.15 * random.NextDouble()) * sampleRate);
        }
        double lowpassed = 0;
        for (int i = 0; i < frames; i++)
        {
            lowpassed = 0.7 * lowpassed + 0.3 * (random.NextDouble() * 2 - 1);
            output[i] += (float)(noiseLevel * 2 * lowpassed);
        }
        return output;
    }
}
