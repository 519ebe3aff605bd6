namespace PercepNet.Tests.Inference;

/// <summary>Independent whole-sequence evaluation of a <see cref="ModelSpec"/> in double precision with exact tanh
/// and sigmoid, written from models/FORMAT.md the way PyTorch evaluates it (each layer over all frames, zero
/// frames outside the sequence, lookahead masking of taps with offset &gt; L). The streaming engine must match it.</summary>
internal static class ReferenceNetwork
{
    /// <summary>Outputs (g then r) of every frame at lookahead <paramref name="lookahead"/>.</summary>
    public static double[][] Run(ModelSpec spec, float[][] rawFeatures, int lookahead)
    {
        int frames = rawFeatures.Length;
        var x = new double[frames][];
        for (int t = 0; t < frames; t++)
        {
            x[t] = new double[spec.FeatureCount];
            for (int i = 0; i < spec.FeatureCount; i++)
                x[t][i] = ((double)rawFeatures[t][i] - spec.Mean[i]) * spec.InvStd[i];
        }
        var outputs = new List<double[][]>();
        foreach (var layer in spec.Layers)
        {
            x = layer.Kind switch
            {
                1 => Conv(layer, x, lookahead),
                2 => Gru(layer, x),
                3 => Dense(layer, x),
                _ => Dense(layer, Joined(outputs.TakeLast((int)layer.Taps).ToList())),
            };
            outputs.Add(x);
        }
        return x;
    }

    /// <summary>Each frame's outputs of several layers side by side, in layer order (kind 4, Dense of outputs).</summary>
    private static double[][] Joined(List<double[][]> layers) =>
        Frames(layers[0].Length, t => layers.SelectMany(layer => layer[t]).ToArray());

    private static double[][] Conv(LayerSpec layer, double[][] x, int lookahead)
    {
        var w = layer.Matrices[0];
        var bias = layer.Vectors[0];
        int input = (int)layer.InputSize;
        return Frames(x.Length, t =>
        {
            var y = new double[layer.OutputSize];
            for (int o = 0; o < y.Length; o++)
            {
                double sum = bias[o];
                for (int j = 0; j < layer.Taps; j++)
                {
                    int offset = layer.FirstTapOffset + j;
                    int frame = t + offset;
                    if (offset > lookahead || frame < 0 || frame >= x.Length)
                        continue;
                    for (int i = 0; i < input; i++)
                        sum += w[o, j * input + i] * x[frame][i];
                }
                y[o] = Activate(layer.Activation, sum);
            }
            return y;
        });
    }

    private static double[][] Dense(LayerSpec layer, double[][] x)
    {
        var w = layer.Matrices[0];
        var bias = layer.Vectors[0];
        return Frames(x.Length, t =>
        {
            var y = new double[layer.OutputSize];
            for (int o = 0; o < y.Length; o++)
                y[o] = Activate(layer.Activation, bias[o] + Dot(w, o, x[t]));
            return y;
        });
    }

    private static double[][] Gru(LayerSpec layer, double[][] x)
    {
        int hiddenSize = (int)layer.OutputSize;
        MatrixSpec wi = layer.Matrices[0], wh = layer.Matrices[1];
        float[] bi = layer.Vectors[0], bh = layer.Vectors[1];
        var h = new double[hiddenSize];
        var result = new double[x.Length][];
        for (int t = 0; t < x.Length; t++)
        {
            var next = new double[hiddenSize];
            for (int k = 0; k < hiddenSize; k++)
            {
                int rRow = k, zRow = hiddenSize + k, nRow = 2 * hiddenSize + k;
                double r = Sigmoid(Dot(wi, rRow, x[t]) + bi[rRow] + Dot(wh, rRow, h) + bh[rRow]);
                double z = Sigmoid(Dot(wi, zRow, x[t]) + bi[zRow] + Dot(wh, zRow, h) + bh[zRow]);
                double n = Math.Tanh(Dot(wi, nRow, x[t]) + bi[nRow] + r * (Dot(wh, nRow, h) + bh[nRow]));
                next[k] = (1 - z) * n + z * h[k];
            }
            h = next;
            result[t] = next;
        }
        return result;
    }

    private static double Dot(MatrixSpec w, int row, double[] x)
    {
        double sum = 0;
        for (int c = 0; c < w.Columns; c++)
            sum += w[row, c] * x[c];
        return sum;
    }

    private static double Activate(uint activation, double v) => activation switch
    {
        1 => Math.Max(v, 0),
        2 => Math.Tanh(v),
        3 => Sigmoid(v),
        _ => v,
    };

    private static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));

    private static double[][] Frames(int count, Func<int, double[]> frame) =>
        Enumerable.Range(0, count).Select(frame).ToArray();
}
