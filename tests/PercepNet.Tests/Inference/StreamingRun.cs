using PercepNet.Engine.Inference;

namespace PercepNet.Tests.Inference;

/// <summary>Streams whole feature sequences through a <see cref="GainNetwork"/> the way the engine does, flushing the
/// last <c>lookahead</c> frames with mean frames (zeros once normalised), as the exporter's reference vectors do.</summary>
internal static class StreamingRun
{
    /// <summary>Outputs (g then r) for every input frame: <c>result[t]</c> is emitted after frame t + lookahead.</summary>
    public static float[][] Run(GainNetwork network, float[][] features, float[] mean, int lookahead)
    {
        int bands = network.Model.BandCount;
        var gains = new float[bands];
        var strengths = new float[bands];
        var outputs = new float[features.Length][];
        for (int step = 0; step < features.Length + lookahead; step++)
        {
            network.Step(step < features.Length ? features[step] : mean, lookahead, gains, strengths);
            int frame = step - lookahead;
            if (frame >= 0)
                outputs[frame] = [.. gains, .. strengths];
        }
        return outputs;
    }

    public static double MaxAbsError(float[][] actual, double[][] expected)
    {
        double max = 0;
        for (int t = 0; t < expected.Length; t++)
            for (int o = 0; o < expected[t].Length; o++)
                max = Math.Max(max, Math.Abs(actual[t][o] - expected[t][o]));
        return max;
    }
}
