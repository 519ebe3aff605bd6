using PercepNet.Engine.Inference;
using Xunit.Abstractions;

namespace PercepNet.Tests.Inference;

/// <summary>Version-2 float32 models (models/FORMAT.md weightType 2) run through the same streaming engine as int8
/// ones: exactly the float network, on every kernel path and lookahead, without allocating.</summary>
public class FloatModelTests(ITestOutputHelper output)
{
    /// <summary>Float weights never take the Q15 product, so every path only rounds: the float paths' bound of
    /// <see cref="KernelPaths.Tolerance"/>, AVX2 included.</summary>
    private const double Tolerance = 1e-5;

    public static TheoryData<KernelPath, int> PathsAndLookaheads() => GainNetworkTests.PathsAndLookaheads();

    private static ModelSpec FloatSpec(Random rng) => RandomModels.AsFloat(rng,
        RandomModels.PercepNetShaped(rng, features: 70, bands: 34, conv1: 37, conv2: 45, grus: [29, 40, 33]));

    [Theory]
    [MemberData(nameof(PathsAndLookaheads))]
    public void StreamingMatchesTheDoublePrecisionSequenceReference(KernelPath path, int lookahead)
    {
        var rng = new Random(200 + lookahead);
        var spec = FloatSpec(rng);
        var features = RandomModels.Features(rng, spec, 300);
        var network = new GainNetwork(PercepNetModel.Load(ModelFileWriter.Write(spec)), path);

        var actual = StreamingRun.Run(network, features, spec.Mean, lookahead);
        double error = StreamingRun.MaxAbsError(actual, ReferenceNetwork.Run(spec, features, lookahead));
        output.WriteLine($"float32 {path} lookahead {lookahead}: max abs error {error:E2} over {features.Length} frames");
        Assert.True(error < Tolerance, $"{path} at lookahead {lookahead}: max abs error {error:E2}");
    }

    [Fact]
    public void FloatWeightsAreOffTheInt8GridByMoreThanTheTolerance()
    {
        // Guards the test above: running the float spec's int8 neighbour (what an engine that quantised or
        // ignored the float weights would compute) must miss the float reference by far more than the tolerance.
        var rng = new Random(201);
        var spec = FloatSpec(rng);
        var features = RandomModels.Features(rng, spec, 100);
        var floatOutputs = ReferenceNetwork.Run(spec, features, 1);
        foreach (var layer in spec.Layers)
            for (int m = 0; m < layer.Matrices.Count; m++)
                layer.Matrices[m] = layer.Matrices[m] with { Floats = null };
        var int8Outputs = ReferenceNetwork.Run(spec, features, 1);
        var asFloat = int8Outputs.Select(f => f.Select(v => (float)v).ToArray()).ToArray();
        Assert.True(StreamingRun.MaxAbsError(asFloat, floatOutputs) > 100 * Tolerance);
    }

    [Theory]
    [MemberData(nameof(PathsAndLookaheads))]
    public void StepAllocatesNothing(KernelPath path, int lookahead)
    {
        var rng = new Random(10);
        var spec = RandomModels.AsFloat(rng, RandomModels.PercepNetShaped(rng, 70, 34, 64, 64, [64, 64, 64]));
        StreamingRun.AssertStepAllocatesNothing(spec, RandomModels.Features(rng, spec, 64), path, lookahead, $"float32, {path}");
    }
}
