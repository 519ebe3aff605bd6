namespace PercepNet.Engine.Resampling;

/// <summary>
/// Resamples a whole signal with the Engine's polyphase resampler, its group delay removed so the result lines up
/// with the input in time (the delay is set to a whole number of output samples, then dropped).
/// </summary>
public static class WholeSignalResampler
{
    /// <summary>Output sample m is the input at time m·fromRate/toRate; length round(n·toRate/fromRate). Allocates (offline use).</summary>
    public static float[] Resample(ReadOnlySpan<float> input, double fromRate, double toRate)
    {
        if (fromRate == toRate) return input.ToArray();
        var resampler = new PolyphaseResampler(fromRate, toRate, maxExtraDelay: Math.Ceiling((double)fromRate / toRate) + 1);
        long down = resampler.Ratio.Decimation;
        resampler.SetDelay((resampler.MinimumDelay + down - 1) / down * down);
        int delay = (int)Math.Round(resampler.DelayInOutputSamples);
        int length = (int)Math.Round((double)input.Length * toRate / fromRate);

        var output = new float[length];
        var block = new float[resampler.MaxOutputCount(4096)];
        var zeros = new float[4096];
        int produced = 0; // outputs seen so far, including the dropped delay
        int fed = 0;
        while (produced < delay + length)
        {
            ReadOnlySpan<float> chunk = fed < input.Length ? input.Slice(fed, Math.Min(4096, input.Length - fed)) : zeros;
            int n = resampler.Process(chunk, block, out int consumed);
            fed += consumed;
            for (int i = 0; i < n; i++, produced++)
            {
                int at = produced - delay;
                if (at >= 0 && at < length) output[at] = block[i];
            }
        }
        return output;
    }
}
