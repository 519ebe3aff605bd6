using PercepNet.Engine.Inference;

namespace PercepNet.Tests.Inference;

public class MatVecKernelTests
{
    public static TheoryData<KernelPath> SupportedPaths => KernelPaths.Supported();

    [Theory]
    [MemberData(nameof(SupportedPaths))]
    public void MatchesDoublePrecisionProductForAllShapesAndColumnPrefixes(KernelPath path)
    {
        var kernels = InferenceKernels.For(path);
        var rng = new Random(7);
        // Row counts around the 4-row SIMD block, column counts around the 8- and 16-wide steps.
        foreach (int rows in new[] { 1, 3, 4, 5, 8, 13 })
            foreach (int columns in new[] { 1, 7, 8, 9, 15, 16, 17, 25, 33, 70, 256 })
                foreach (int used in new[] { columns, columns / 2, 1 })
                {
                    var matrix = RandomModels.Matrix(rng, rows, columns);
                    var x = RandomModels.Floats(rng, columns, -3, 3);
                    var bias = RandomModels.Floats(rng, rows, -1, 1);
                    var y = new float[rows];
                    kernels.MatVec(new QuantizedMatrix(rows, columns, matrix.Q, matrix.Scales), used, x, bias, y);

                    for (int r = 0; r < rows; r++)
                    {
                        double expected = bias[r], magnitude = Math.Abs(bias[r]);
                        for (int c = 0; c < used; c++)
                        {
                            expected += matrix[r, c] * x[c];
                            magnitude += Math.Abs(matrix[r, c] * x[c]);
                        }
                        Assert.True(Math.Abs(y[r] - expected) <= 1e-6 * magnitude + 1e-7,
                            $"{path} {rows}x{columns} using {used}: row {r} is {y[r]}, expected {expected}");
                    }
                }
    }

    [Theory]
    [MemberData(nameof(SupportedPaths))]
    public void FloatMatrixProductMatchesDoublePrecisionForAllShapesAndColumnPrefixes(KernelPath path)
    {
        var kernels = InferenceKernels.For(path);
        var rng = new Random(9);
        foreach (int rows in new[] { 1, 3, 4, 5, 8, 13 })
            foreach (int columns in new[] { 1, 7, 8, 9, 15, 16, 17, 24, 33, 70, 256 })
                foreach (int used in new[] { columns, columns / 2, 1 })
                {
                    var weights = RandomModels.Floats(rng, rows * columns, -1, 1);
                    var matrix = new FloatMatrix(rows, columns, weights);
                    var x = RandomModels.Floats(rng, columns, -3, 3);
                    var bias = RandomModels.Floats(rng, rows, -1, 1);
                    var y = new float[rows];
                    // Through the weight-type dispatch the layers use, unit-range entry included: float weights
                    // must never take the Q15 product, so the inputs here deliberately leave [−1, 1].
                    kernels.MatVec((WeightMatrix)matrix, used, x, bias, y);
                    var unitRange = new float[rows];
                    kernels.MatVecUnitRange((WeightMatrix)matrix, used, x, new short[columns], bias, unitRange);

                    for (int r = 0; r < rows; r++)
                    {
                        double expected = bias[r], magnitude = Math.Abs(bias[r]);
                        for (int c = 0; c < used; c++)
                        {
                            expected += (double)weights[r * columns + c] * x[c];
                            magnitude += Math.Abs((double)weights[r * columns + c] * x[c]);
                        }
                        Assert.True(Math.Abs(y[r] - expected) <= 1e-6 * magnitude + 1e-7,
                            $"{path} {rows}x{columns} using {used}: row {r} is {y[r]}, expected {expected}");
                        Assert.Equal(y[r], unitRange[r]);
                    }
                }
    }

    [Theory]
    [MemberData(nameof(SupportedPaths))]
    public void UnitRangeProductIsWithinTheQ15InputErrorOfTheExactProduct(KernelPath path)
    {
        var kernels = InferenceKernels.For(path);
        var rng = new Random(8);
        // Column counts around the 16-, 32- and 64-wide steps; 4100 crosses the 4096-column int32 block of the
        // AVX2 and AVX-512 paths, where ±1 inputs and ±127 weights are the worst case.
        foreach (int rows in new[] { 1, 4, 7 })
            foreach (int columns in new[] { 1, 15, 16, 17, 31, 32, 48, 63, 64, 65, 100, 4100 })
                foreach (bool extreme in new[] { false, true })
                {
                    var matrix = RandomModels.Matrix(rng, rows, columns);
                    var x = RandomModels.Floats(rng, columns, -1, 1);
                    if (extreme)
                    {
                        Array.Fill(matrix.Q, (sbyte)127);
                        Array.Fill(x, 1f);
                    }
                    var bias = RandomModels.Floats(rng, rows, -1, 1);
                    var y = new float[rows];
                    kernels.MatVecUnitRange(new QuantizedMatrix(rows, columns, matrix.Q, matrix.Scales), columns, x, new short[columns], bias, y);

                    for (int r = 0; r < rows; r++)
                    {
                        double expected = bias[r], weightSum = 0;
                        for (int c = 0; c < columns; c++)
                        {
                            expected += matrix[r, c] * x[c];
                            weightSum += Math.Abs(matrix[r, c]);
                        }
                        double allowed = weightSum * (0.5 / 32767) + 1e-6 * (weightSum + Math.Abs(bias[r]));
                        Assert.True(Math.Abs(y[r] - expected) <= allowed,
                            $"{path} {rows}x{columns}: row {r} is {y[r]}, expected {expected} ± {allowed}");
                    }
                }
    }
}
