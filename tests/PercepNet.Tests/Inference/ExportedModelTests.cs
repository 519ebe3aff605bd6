using PercepNet.Engine.Inference;
using Xunit.Abstractions;

namespace PercepNet.Tests.Inference;

/// <summary>The trainer's exported models against the PyTorch reference vectors written with them (outputs of the
/// network with the weights the file holds, int8-dequantised or float32, models/FORMAT.md), on every kernel path and
/// lookahead.</summary>
public class ExportedModelTests(ITestOutputHelper output)
{
    public static TheoryData<KernelPath, int> PathsAndLookaheads() => GainNetworkTests.PathsAndLookaheads();

    [RequiresExportedModelTheory(ExportedModel.Full)]
    [MemberData(nameof(PathsAndLookaheads))]
    public void FullModelMatchesThePyTorchReferenceVectors(KernelPath path, int lookahead) =>
        AssertMatchesReference(ExportedModel.Full, path, lookahead);

    [RequiresExportedModelTheory(ExportedModel.Light)]
    [MemberData(nameof(PathsAndLookaheads))]
    public void LightModelMatchesThePyTorchReferenceVectors(KernelPath path, int lookahead) =>
        AssertMatchesReference(ExportedModel.Light, path, lookahead);

    [RequiresExportedModelTheory(ExportedModel.Smoke)]
    [MemberData(nameof(PathsAndLookaheads))]
    public void SmokeModelMatchesThePyTorchReferenceVectors(KernelPath path, int lookahead) =>
        AssertMatchesReference(ExportedModel.Smoke, path, lookahead);

    /// <summary>Tighter than the int8 models: no Q15 inputs on the float path, only float rounding and the rational
    /// tanh/sigmoid. The float and int8 outputs of the fixture differ by ~1e-3, so an int8 path could not pass.</summary>
    [RequiresExportedModelTheory(ExportedModel.Float)]
    [MemberData(nameof(PathsAndLookaheads))]
    public void FloatModelMatchesThePyTorchFloatReferenceVectors(KernelPath path, int lookahead)
    {
        var model = AssertMatchesReference(ExportedModel.Float, path, lookahead, tolerance: 1e-4);
        Assert.All(model.Layers, layer => Assert.IsType<FloatMatrix>(layer switch
        {
            ConvLayer conv => conv.Weights,
            DenseLayer dense => dense.Weights,
            GruLayer gru => gru.RecurrentWeights,
            _ => null,
        }));
    }

    private PercepNetModel AssertMatchesReference(ExportedModel which, KernelPath path, int lookahead, double tolerance = 1e-3)
    {
        var model = PercepNetModel.Load(File.ReadAllBytes(ExportedModelFiles.ModelPath(which)));
        var reference = ReferenceVectorFile.Read(ExportedModelFiles.ReferencePath(which, lookahead));
        Assert.Equal(lookahead, reference.Lookahead);

        var actual = StreamingRun.Run(new GainNetwork(model, path), reference.Features, model.FeatureMean, lookahead);
        double error = StreamingRun.MaxAbsError(actual, reference.Outputs);
        output.WriteLine($"{ExportedModelFiles.ModelPath(which)}: {reference.Features.Length} frames, {path}, lookahead {lookahead}: max abs error {error:E2}");
        Assert.True(error < tolerance, $"{path} at lookahead {lookahead}: max abs error {error:E2} over {reference.Features.Length} frames");
        return model;
    }
}
