using PercepNet.Engine.Resampling;

namespace PercepNet.Tests.Resampling;

/// <summary>Drives a resampler with chosen block sizes and measures outputs against analytic signals.</summary>
internal static class ResamplingHarness
{
    public static float[] Sine(double frequency, double rate, int count, double amplitude = 0.5)
    {
        var x = new float[count];
        for (int n = 0; n < count; n++) x[n] = (float)(amplitude * Math.Sin(2 * Math.PI * frequency * n / rate));
        return x;
    }

    /// <summary>Runs the whole input through in blocks of the given sizes (cycled), output buffers sized tightly.</summary>
    public static float[] Run(PolyphaseResampler resampler, float[] input, Func<int> nextBlock)
    {
        var output = new List<float>();
        var scratch = new float[resampler.MaxOutputCount(input.Length)];
        int position = 0;
        while (position < input.Length)
        {
            int block = Math.Min(nextBlock(), input.Length - position);
            var dst = scratch.AsSpan(0, resampler.MaxOutputCount(block));
            int produced = resampler.Process(input.AsSpan(position, block), dst, out int consumed);
            Assert.Equal(block, consumed);
            output.AddRange(dst[..produced].ToArray());
            position += block;
        }
        return output.ToArray();
    }

    public static float[] Run(PolyphaseResampler resampler, float[] input) => Run(resampler, input, () => input.Length);

    /// <summary>
    /// SNR (dB) of <paramref name="actual"/>[from..] against a sine of the same frequency evaluated at
    /// input time (m·D/I − delay), i.e. what an ideal resampler with exactly that delay would output.
    /// </summary>
    public static double SnrAgainstDelayedSine(float[] actual, int from, double frequency, double inputRate,
        RateRatio ratio, double delayInInputSamples, double amplitude = 0.5)
    {
        double signal = 0, error = 0;
        for (int m = from; m < actual.Length; m++)
        {
            double t = (double)m * ratio.Decimation / ratio.Interpolation - delayInInputSamples;
            double expected = amplitude * Math.Sin(2 * Math.PI * frequency * t / inputRate);
            signal += expected * expected;
            error += (actual[m] - expected) * (actual[m] - expected);
        }
        return 10 * Math.Log10(signal / Math.Max(error, 1e-300));
    }

    public static double RmsDb(ReadOnlySpan<float> x)
    {
        double sum = 0;
        foreach (float v in x) sum += (double)v * v;
        return 10 * Math.Log10(sum / x.Length + 1e-300);
    }
}
