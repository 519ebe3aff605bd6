using PercepNet.Engine.Inference;

namespace PercepNet.Bench;

/// <summary>Random-weight networks of the sizes the benchmarks time. Only the shapes matter for speed; they are
/// built directly from the engine's layer classes, so no model file is needed.</summary>
internal static class InferenceModels
{
    /// <summary>The CPU-trainable first model (docs/DESIGN.md §5): conv 70→128 k5, 128→256 k3, GRU 256×3, dense 256→68; ≈1.3 M weights.</summary>
    public static PercepNetModel Small() => PercepNetShaped(conv1: 128, conv2: 256, grus: [256, 256, 256]);

    /// <summary>Paper-sized (≈8.1 M weights, the paper's 8 M / 800 M MAC/s): conv 70→512 k5, 512→512 k3, GRU 640×3,
    /// dense 640→68. GRUs of 512 would give only 5.7 M.</summary>
    public static PercepNetModel Paper() => PercepNetShaped(conv1: 512, conv2: 512, grus: [640, 640, 640]);

    public static PercepNetModel PercepNetShaped(int conv1, int conv2, int[] grus, int features = 70, int bands = 34)
    {
        var rng = new Random(1);
        var layers = new List<ModelLayer>
        {
            new ConvLayer(ActivationKind.Tanh, features, 5, -2, Matrix(rng, conv1, 5 * features), Floats(rng, conv1)),
            new ConvLayer(ActivationKind.Tanh, conv1, 3, -2, Matrix(rng, conv2, 3 * conv1), Floats(rng, conv2)),
        };
        int input = conv2;
        foreach (int hidden in grus)
        {
            layers.Add(new GruLayer(Matrix(rng, 3 * hidden, input), Matrix(rng, 3 * hidden, hidden), Floats(rng, 3 * hidden), Floats(rng, 3 * hidden)));
            input = hidden;
        }
        layers.Add(new DenseLayer(ActivationKind.Sigmoid, Matrix(rng, 2 * bands, input), Floats(rng, 2 * bands)));
        return new PercepNetModel(features, bands, 2, new float[features], Enumerable.Repeat(1f, features).ToArray(), layers);
    }

    private static QuantizedMatrix Matrix(Random rng, int rows, int columns)
    {
        var weights = new sbyte[rows * columns];
        rng.NextBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(weights.AsSpan()));
        return new QuantizedMatrix(rows, columns, weights, Enumerable.Repeat(1f / (64 * MathF.Sqrt(columns)), rows).ToArray());
    }

    private static float[] Floats(Random rng, int count) =>
        Enumerable.Range(0, count).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
}
