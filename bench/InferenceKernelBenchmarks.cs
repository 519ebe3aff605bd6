using BenchmarkDotNet.Attributes;
using PercepNet.Engine.Inference;

namespace PercepNet.Bench;

/// <summary>One int8 × float matrix-vector product per kernel path: a 256-unit GRU's W_hh (768×256, 197 K weights,
/// fits L2) and a 640-unit GRU's stacked weights (1920×1280, 2.5 M weights, beyond L2), to separate arithmetic
/// from memory bandwidth in <see cref="InferenceBenchmarks"/>.</summary>
[MemoryDiagnoser]
[MinColumn, MedianColumn]
public class InferenceKernelBenchmarks
{
    private InferenceKernels kernels = null!;
    private QuantizedMatrix matrix = null!;
    private float[] x = null!, bias = null!, y = null!;
    private short[] q15 = null!;

    [Params("768x256", "1920x1280")]
    public string Shape { get; set; } = "";

    [ParamsSource(nameof(Paths))]
    public KernelPath Path { get; set; }

    public static IEnumerable<KernelPath> Paths => InferenceBenchmarks.Paths;

    [GlobalSetup]
    public void Setup()
    {
        var size = Shape.Split('x').Select(int.Parse).ToArray();
        int rows = size[0], columns = size[1];
        var rng = new Random(3);
        var weights = new sbyte[rows * columns];
        rng.NextBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(weights.AsSpan()));
        matrix = new QuantizedMatrix(rows, columns, weights, Enumerable.Repeat(0.001f, rows).ToArray());
        x = Enumerable.Range(0, columns).Select(_ => (float)rng.NextDouble()).ToArray();
        bias = new float[rows];
        y = new float[rows];
        q15 = new short[columns];
        kernels = InferenceKernels.For(Path);
    }

    [Benchmark]
    public void MatVec() => kernels.MatVec(matrix, matrix.Columns, x, bias, y);

    /// <summary>The product for inputs in [−1, 1] (GRU and post-tanh layers): Q15 integer arithmetic on AVX2 and AVX-512.</summary>
    [Benchmark]
    public void MatVecUnitRange() => kernels.MatVecUnitRange(matrix, matrix.Columns, x, q15, bias, y);
}
