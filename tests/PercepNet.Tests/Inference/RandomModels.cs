namespace PercepNet.Tests.Inference;

/// <summary>Valid random models of any size, shaped like the trainer's (training/percepnet_train/model.py):
/// conv 5 taps looking <c>maxLookahead</c> ahead → causal conv 3 taps → GRUs → Dense sigmoid 2·bands (with
/// <c>outputConcat</c> a Dense of the outputs of conv 2 and every GRU, as the trainer's <c>output_concat</c>).
/// Weights are scaled by 1/sqrt(fan-in) so pre-activations stay O(1) and every output is sensitive to errors.</summary>
internal static class RandomModels
{
    public static ModelSpec PercepNetShaped(Random rng, int features, int bands, int conv1, int conv2, int[] grus, int maxLookahead = 2,
        bool outputConcat = false)
    {
        var spec = NewSpec(rng, features, bands, maxLookahead);
        spec.Layers.Add(Conv(rng, features, conv1, taps: 5, firstTapOffset: maxLookahead - 4));
        spec.Layers.Add(Conv(rng, conv1, conv2, taps: 3, firstTapOffset: -2));
        int input = conv2;
        foreach (int hidden in grus)
        {
            spec.Layers.Add(Gru(rng, input, hidden));
            input = hidden;
        }
        if (outputConcat)
        {
            var joined = Dense(rng, conv2 + grus.Sum(), 2 * bands, activation: 3);
            joined.Kind = 4;
            joined.Taps = (uint)grus.Length + 1;
            spec.Layers.Add(joined);
        }
        else
            spec.Layers.Add(Dense(rng, input, 2 * bands, activation: 3));
        return spec;
    }

    public static ModelSpec NewSpec(Random rng, int features, int bands, int maxLookahead) => new()
    {
        FeatureCount = (uint)features,
        BandCount = (uint)bands,
        MaxLookahead = (uint)maxLookahead,
        Mean = Floats(rng, features, -2, 2),
        InvStd = Floats(rng, features, 0.5f, 2f),
    };

    public static LayerSpec Conv(Random rng, int input, int output, int taps, int firstTapOffset, uint activation = 2) => new()
    {
        Kind = 1, Activation = activation, InputSize = (uint)input, OutputSize = (uint)output,
        Taps = (uint)taps, FirstTapOffset = firstTapOffset,
        Matrices = [Matrix(rng, output, taps * input)],
        Vectors = [Floats(rng, output, -0.3f, 0.3f)],
    };

    public static LayerSpec Gru(Random rng, int input, int hidden) => new()
    {
        Kind = 2, Activation = 2, InputSize = (uint)input, OutputSize = (uint)hidden,
        Matrices = [Matrix(rng, 3 * hidden, input), Matrix(rng, 3 * hidden, hidden)],
        Vectors = [Floats(rng, 3 * hidden, -0.3f, 0.3f), Floats(rng, 3 * hidden, -0.3f, 0.3f)],
    };

    public static LayerSpec Dense(Random rng, int input, int output, uint activation) => new()
    {
        Kind = 3, Activation = activation, InputSize = (uint)input, OutputSize = (uint)output,
        Matrices = [Matrix(rng, output, input)],
        Vectors = [Floats(rng, output, -0.3f, 0.3f)],
    };

    public static MatrixSpec Matrix(Random rng, int rows, int columns)
    {
        var q = new sbyte[rows * columns];
        for (int i = 0; i < q.Length; i++)
            q[i] = (sbyte)rng.Next(-127, 128);
        // Uniform int8 has std ≈ 73; this makes each row's W·x have std ≈ 1.5 for unit-variance x.
        float scale = 1.5f / (73f * MathF.Sqrt(columns));
        var scales = new float[rows];
        for (int r = 0; r < rows; r++)
            scales[r] = scale * (0.5f + (float)rng.NextDouble());
        return new MatrixSpec(rows, columns, q, scales);
    }

    /// <summary>The same network as a version-2 float32 file. Each weight moves by up to a quarter of its row's int8
    /// step, so no float weight lies on the int8 grid and an engine that quantised them would show it.</summary>
    public static ModelSpec AsFloat(Random rng, ModelSpec spec)
    {
        spec.Version = 2;
        spec.WeightType = 2;
        foreach (var layer in spec.Layers)
            for (int m = 0; m < layer.Matrices.Count; m++)
            {
                var matrix = layer.Matrices[m];
                var floats = new float[matrix.Rows * matrix.Columns];
                for (int i = 0; i < floats.Length; i++)
                {
                    float step = matrix.Scales[i / matrix.Columns];
                    floats[i] = (matrix.Q[i] + 0.5f * ((float)rng.NextDouble() - 0.5f)) * step;
                }
                layer.Matrices[m] = matrix with { Floats = floats };
            }
        return spec;
    }

    public static float[] Floats(Random rng, int count, float min, float max)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
            values[i] = min + (max - min) * (float)rng.NextDouble();
        return values;
    }

    /// <summary>Raw feature frames around the model's mean, as from real audio: mostly O(1) after normalisation.</summary>
    public static float[][] Features(Random rng, ModelSpec spec, int frames)
    {
        var result = new float[frames][];
        for (int t = 0; t < frames; t++)
        {
            result[t] = new float[spec.FeatureCount];
            for (int i = 0; i < spec.FeatureCount; i++)
                result[t][i] = spec.Mean[i] + (float)(NextGaussian(rng) * 1.2 / spec.InvStd[i]);
        }
        return result;
    }

    private static double NextGaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
