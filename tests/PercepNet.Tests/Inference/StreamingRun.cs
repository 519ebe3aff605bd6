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

    /// <summary>Zero bytes per <see cref="GainNetwork.Step"/> after warm-up, over repeated passes with resets.</summary>
    public static void AssertStepAllocatesNothing(ModelSpec spec, float[][] features, KernelPath path, int lookahead, string what)
    {
        var network = new GainNetwork(PercepNetModel.Load(ModelFileWriter.Write(spec)), path);
        var gains = new float[spec.BandCount];
        var strengths = new float[spec.BandCount];
        foreach (var frame in features) // JIT and tier-up before measuring
            network.Step(frame, lookahead, gains, strengths);

        AllocationAssert.Zero(() =>
        {
            for (int repeat = 0; repeat < 4; repeat++)
            {
                foreach (var frame in features)
                    network.Step(frame, lookahead, gains, strengths);
                network.Reset();
            }
        }, $"GainNetwork.Step ({what}, lookahead {lookahead})");
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
