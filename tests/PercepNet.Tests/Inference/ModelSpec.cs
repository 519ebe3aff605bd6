namespace PercepNet.Tests.Inference;

/// <summary>A weight matrix as the tests build it: quantised, <c>W[r][c] = Q[r * Columns + c] * Scales[r]</c>, or,
/// when <see cref="Floats"/> is set, float32 rows <c>W[r][c] = Floats[r * Columns + c]</c> (models/FORMAT.md weightType 2).</summary>
internal sealed record MatrixSpec(int Rows, int Columns, sbyte[] Q, float[] Scales, float[]? Floats = null)
{
    public double this[int row, int column] =>
        Floats is null ? (double)Q[row * Columns + column] * Scales[row] : Floats[row * Columns + column];
}

/// <summary>One layer exactly as the file stores it: header fields, then its matrices, then its float vectors
/// (Dense/Conv1D: W, bias; GRU: W_ih, W_hh, b_ih, b_hh). Fields are settable so tests can break them.</summary>
internal sealed class LayerSpec
{
    public uint Kind;
    public uint Activation;
    public uint InputSize;
    public uint OutputSize;
    public uint Taps = 1;
    public int FirstTapOffset;
    public List<MatrixSpec> Matrices = [];
    public List<float[]> Vectors = [];
}

/// <summary>A whole .pnm model as the tests build it, independent of the engine's own classes.</summary>
internal sealed class ModelSpec
{
    public byte[] Magic = "PNETMDL1"u8.ToArray();
    public uint Version = 1;
    /// <summary>Written after the version when <see cref="Version"/> ≥ 2; it must agree with the matrices.</summary>
    public uint WeightType = 1;
    public uint FeatureCount;
    public uint BandCount;
    public uint MaxLookahead;
    public uint? LayerCountOverride;
    public float[] Mean = [];
    public float[] InvStd = [];
    public List<LayerSpec> Layers = [];
}
