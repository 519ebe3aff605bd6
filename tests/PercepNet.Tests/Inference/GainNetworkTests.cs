using PercepNet.Engine.Inference;
using Xunit.Abstractions;

namespace PercepNet.Tests.Inference;

public class GainNetworkTests(ITestOutputHelper output)
{
    public static TheoryData<KernelPath, int> PathsAndLookaheads()
    {
        var data = new TheoryData<KernelPath, int>();
        foreach (var path in KernelPaths.All)
            for (int lookahead = 0; lookahead <= GainNetwork.MaxLookahead; lookahead++)
                data.Add(path, lookahead);
        return data;
    }

    public static TheoryData<KernelPath> SupportedPaths => KernelPaths.Supported();

    [Theory]
    [MemberData(nameof(PathsAndLookaheads))]
    public void StreamingMatchesTheDoublePrecisionSequenceReference(KernelPath path, int lookahead)
    {
        var rng = new Random(100 + lookahead);
        // Odd sizes exercise every kernel tail; 3 GRUs and 300 frames let recurrent errors build up if they would.
        var spec = RandomModels.PercepNetShaped(rng, features: 70, bands: 34, conv1: 37, conv2: 45, grus: [29, 40, 33]);
        var features = RandomModels.Features(rng, spec, 300);
        var network = new GainNetwork(PercepNetModel.Load(ModelFileWriter.Write(spec)), path);

        var actual = StreamingRun.Run(network, features, spec.Mean, lookahead);
        var expected = ReferenceNetwork.Run(spec, features, lookahead);

        double error = StreamingRun.MaxAbsError(actual, expected);
        output.WriteLine($"{path} lookahead {lookahead}: max abs error {error:E2} over {features.Length} frames");
        Assert.True(error < KernelPaths.Tolerance(path), $"{path} at lookahead {lookahead}: max abs error {error:E2}");
    }

    [Theory]
    [MemberData(nameof(PathsAndLookaheads))]
    public void AnOutputLayerOverConvAndEveryGruMatchesTheReference(KernelPath path, int lookahead)
    {
        // models/FORMAT.md kind 4 (the trainer's output_concat): the last layer reads conv 2's and every GRU's output.
        var rng = new Random(200 + lookahead);
        var spec = RandomModels.PercepNetShaped(rng, features: 70, bands: 34, conv1: 37, conv2: 45, grus: [29, 40, 33], outputConcat: true);
        var features = RandomModels.Features(rng, spec, 200);
        var model = PercepNetModel.Load(ModelFileWriter.Write(spec));
        Assert.Equal(LayerKind.DenseOfOutputs, model.Layers[^1].Kind);
        Assert.Equal(45 + 29 + 40 + 33, model.Layers[^1].InputSize);

        var actual = StreamingRun.Run(new GainNetwork(model, path), features, spec.Mean, lookahead);
        var expected = ReferenceNetwork.Run(spec, features, lookahead);
        double error = StreamingRun.MaxAbsError(actual, expected);
        output.WriteLine($"{path} lookahead {lookahead}, output over 4 layers: max abs error {error:E2}");
        Assert.True(error < KernelPaths.Tolerance(path), $"{path} at lookahead {lookahead}: max abs error {error:E2}");

        // Guards against a reference and an engine that both read only the last GRU: conv 2's columns matter.
        var lastGruOnly = ReferenceNetwork.Run(ZeroColumns(spec, from: 0, count: 45), features, lookahead);
        Assert.True(StreamingRun.MaxAbsError(actual, lastGruOnly) > 1e-3);

        // Joining the outputs allocates nothing per frame either (the audio thread's rule).
        var network = new GainNetwork(model, path);
        float[] gains = new float[34], strengths = new float[34];
        network.Step(features[0], lookahead, gains, strengths);
        AllocationAssert.Zero(() =>
        {
            foreach (var frame in features)
                network.Step(frame, lookahead, gains, strengths);
        }, "GainNetwork.Step with a Dense of outputs");
    }

    private static ModelSpec ZeroColumns(ModelSpec spec, int from, int count)
    {
        var last = spec.Layers[^1];
        var m = last.Matrices[0];
        var q = (sbyte[])m.Q.Clone();
        for (int r = 0; r < m.Rows; r++)
            Array.Clear(q, r * m.Columns + from, count);
        last.Matrices[0] = m with { Q = q };
        return spec;
    }

    [Fact]
    public void SimdPathsMatchTheScalarPathAtTheShippedModelSize()
    {
        // The CPU-trained configuration (docs/DESIGN.md §5, 1.34 M weights): real row and column counts for every kernel.
        var rng = new Random(12);
        var spec = RandomModels.PercepNetShaped(rng, features: 70, bands: 34, conv1: 128, conv2: 256, grus: [256, 256, 256]);
        var model = PercepNetModel.Load(ModelFileWriter.Write(spec));
        var features = RandomModels.Features(rng, spec, 120);
        var scalar = StreamingRun.Run(new GainNetwork(model, KernelPath.Scalar), features, spec.Mean, 1);
        foreach (var path in KernelPaths.All.Where(p => p != KernelPath.Scalar))
        {
            var simd = StreamingRun.Run(new GainNetwork(model, path), features, spec.Mean, 1);
            double error = StreamingRun.MaxAbsError(simd, scalar.Select(f => f.Select(v => (double)v).ToArray()).ToArray());
            output.WriteLine($"{path} vs Scalar, 1.34 M weights, 120 frames: max abs error {error:E2}");
            Assert.True(error < KernelPaths.Tolerance(path), $"{path} vs Scalar: max abs error {error:E2}");
        }
    }

    [Fact]
    public void LookaheadMaskingChangesTheOutput()
    {
        // Guards the test above against a reference that ignores lookahead the same way the engine might.
        var rng = new Random(9);
        var spec = RandomModels.PercepNetShaped(rng, 12, 4, 16, 16, [16]);
        var features = RandomModels.Features(rng, spec, 50);
        var zero = ReferenceNetwork.Run(spec, features, 0);
        var two = ReferenceNetwork.Run(spec, features, 2);
        Assert.True(StreamingRun.MaxAbsError(zero.Select(f => f.Select(v => (float)v).ToArray()).ToArray(), two) > 1e-2);
    }

    [Theory]
    [MemberData(nameof(SupportedPaths))]
    public void ModelsWithoutConvolutionsRunAtAnyLookahead(KernelPath path)
    {
        var rng = new Random(21);
        var spec = RandomModels.NewSpec(rng, 9, 5, maxLookahead: 0);
        spec.Layers.Add(RandomModels.Gru(rng, 9, 11));
        spec.Layers.Add(RandomModels.Dense(rng, 11, 7, activation: 1));
        spec.Layers.Add(RandomModels.Dense(rng, 7, 10, activation: 3));
        var features = RandomModels.Features(rng, spec, 40);
        var model = PercepNetModel.Load(ModelFileWriter.Write(spec));
        for (int lookahead = 0; lookahead <= GainNetwork.MaxLookahead; lookahead++)
        {
            var actual = StreamingRun.Run(new GainNetwork(model, path), features, spec.Mean, lookahead);
            Assert.True(StreamingRun.MaxAbsError(actual, ReferenceNetwork.Run(spec, features, lookahead)) < KernelPaths.Tolerance(path));
        }
    }

    [Theory]
    [MemberData(nameof(SupportedPaths))]
    public void EmitsNeutralGainsUntilTheFirstFrameIsComplete(KernelPath path)
    {
        var rng = new Random(4);
        var spec = RandomModels.PercepNetShaped(rng, 8, 3, 8, 8, [8]);
        var network = new GainNetwork(PercepNetModel.Load(ModelFileWriter.Write(spec)), path);
        var features = RandomModels.Features(rng, spec, 3);
        var gains = new float[3];
        var strengths = new float[3];
        network.Step(features[0], 2, gains, strengths);
        network.Step(features[1], 2, gains, strengths);
        Assert.Equal([1f, 1f, 1f], gains);
        Assert.Equal([0f, 0f, 0f], strengths);
        network.Step(features[2], 2, gains, strengths);
        Assert.NotEqual([1f, 1f, 1f], gains);
    }

    [Theory]
    [MemberData(nameof(SupportedPaths))]
    public void ResetForgetsTheStream(KernelPath path)
    {
        var rng = new Random(5);
        var spec = RandomModels.PercepNetShaped(rng, 10, 4, 12, 12, [12, 12]);
        var model = PercepNetModel.Load(ModelFileWriter.Write(spec));
        var first = RandomModels.Features(rng, spec, 30);
        var second = RandomModels.Features(rng, spec, 30);
        var network = new GainNetwork(model, path);

        StreamingRun.Run(network, first, spec.Mean, 1);
        network.Reset();
        var afterReset = StreamingRun.Run(network, second, spec.Mean, 1);
        var fresh = StreamingRun.Run(new GainNetwork(model, path), second, spec.Mean, 1);
        Assert.Equal(fresh, afterReset);
    }

    [Theory]
    [MemberData(nameof(SupportedPaths))]
    public void NonFiniteFeaturesActExactlyLikeTheMeanAndNeverReachTheState(KernelPath path)
    {
        var rng = new Random(6);
        var spec = RandomModels.PercepNetShaped(rng, 10, 4, 12, 12, [12, 12]);
        var model = PercepNetModel.Load(ModelFileWriter.Write(spec));
        var poisoned = RandomModels.Features(rng, spec, 60);
        var cleaned = poisoned.Select(f => f.ToArray()).ToArray();
        float[] bad = [float.NaN, float.PositiveInfinity, float.NegativeInfinity];
        for (int t = 5; t < 60; t += 7)
        {
            int i = rng.Next(10);
            poisoned[t][i] = bad[t % bad.Length];
            cleaned[t][i] = spec.Mean[i];
        }
        // 3e38 is finite but overflows once normalised with invStd > 1; it must behave like a NaN.
        poisoned[12][0] = 3e38f;
        spec.InvStd[0] = 2f;
        model = PercepNetModel.Load(ModelFileWriter.Write(spec));
        cleaned[12][0] = spec.Mean[0];

        var actual = StreamingRun.Run(new GainNetwork(model, path), poisoned, spec.Mean, 2);
        var expected = StreamingRun.Run(new GainNetwork(model, path), cleaned, spec.Mean, 2);
        Assert.Equal(expected, actual);
        Assert.All(actual, frame => Assert.All(frame, v => Assert.True(float.IsFinite(v))));
    }

    [Theory]
    [MemberData(nameof(SupportedPaths))]
    public void AStateThatOverflowsIsResetInsteadOfPropagating(KernelPath path)
    {
        // A linear first layer with huge scales overflows to ±Inf on a large (but finite) feature frame.
        var rng = new Random(8);
        var spec = RandomModels.NewSpec(rng, 4, 2, maxLookahead: 0);
        spec.Layers.Add(RandomModels.Dense(rng, 4, 6, activation: 0));
        spec.Layers[0].Matrices[0].Scales.AsSpan().Fill(1e36f);
        spec.Layers.Add(RandomModels.Gru(rng, 6, 5));
        spec.Layers.Add(RandomModels.Dense(rng, 5, 4, activation: 3));
        var model = PercepNetModel.Load(ModelFileWriter.Write(spec));
        var quiet = Enumerable.Range(0, 20).Select(_ => spec.Mean.Select(m => m + 1e-37f).ToArray()).ToArray();
        var loud = spec.Mean.Select(m => m + 1e3f).ToArray();

        var network = new GainNetwork(model, path);
        var gains = new float[2];
        var strengths = new float[2];
        StreamingRun.Run(network, quiet[..5], spec.Mean, 0);
        network.Step(loud, 0, gains, strengths);
        Assert.Equal([1f, 1f], gains);
        Assert.Equal([0f, 0f], strengths);

        var afterOverflow = StreamingRun.Run(network, quiet, spec.Mean, 0);
        var fresh = StreamingRun.Run(new GainNetwork(model, path), quiet, spec.Mean, 0);
        Assert.Equal(fresh, afterOverflow);
    }

    [Theory]
    [MemberData(nameof(PathsAndLookaheads))]
    public void StepAllocatesNothing(KernelPath path, int lookahead)
    {
        var rng = new Random(10);
        var spec = RandomModels.PercepNetShaped(rng, 70, 34, 64, 64, [64, 64, 64]);
        StreamingRun.AssertStepAllocatesNothing(spec, RandomModels.Features(rng, spec, 64), path, lookahead, $"{path}");
    }

    [Fact]
    public void PicksTheFastestSupportedPathByDefault()
    {
        var spec = RandomModels.PercepNetShaped(new Random(1), 4, 2, 4, 4, [4]);
        Assert.Equal(InferenceKernels.Best, new GainNetwork(PercepNetModel.Load(ModelFileWriter.Write(spec))).KernelPath);
        if (InferenceKernels.IsSupported(KernelPath.Avx512) && System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated)
            Assert.Equal(KernelPath.Avx512, InferenceKernels.Best);
        else if (System.Runtime.Intrinsics.X86.Avx2.IsSupported && System.Runtime.Intrinsics.X86.Fma.IsSupported)
            Assert.Equal(KernelPath.Avx2Fma, InferenceKernels.Best);
    }
}
