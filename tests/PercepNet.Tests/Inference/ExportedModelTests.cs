using PercepNet.Engine.Inference;
using Xunit.Abstractions;

namespace PercepNet.Tests.Inference;

/// <summary>The trainer's exported models against the PyTorch reference vectors written with them (outputs of the
/// int8-dequantised network, models/FORMAT.md), on every kernel path and lookahead.</summary>
public class ExportedModelTests(ITestOutputHelper output)
{
    public static TheoryData<KernelPath, int> PathsAndLookaheads() => GainNetworkTests.PathsAndLookaheads();

    [RequiresExportedModelTheory(ExportedModel.Shipped)]
    [MemberData(nameof(PathsAndLookaheads))]
    public void ShippedModelMatchesThePyTorchReferenceVectors(KernelPath path, int lookahead) =>
        AssertMatchesReference(ExportedModel.Shipped, path, lookahead);

    [RequiresExportedModelTheory(ExportedModel.Smoke)]
    [MemberData(nameof(PathsAndLookaheads))]
    public void SmokeModelMatchesThePyTorchReferenceVectors(KernelPath path, int lookahead) =>
        AssertMatchesReference(ExportedModel.Smoke, path, lookahead);

    private void AssertMatchesReference(ExportedModel which, KernelPath path, int lookahead)
    {
        var model = PercepNetModel.Load(File.ReadAllBytes(ExportedModelFiles.ModelPath(which)));
        var reference = ReferenceVectorFile.Read(ExportedModelFiles.ReferencePath(which, lookahead));
        Assert.Equal(lookahead, reference.Lookahead);

        var actual = StreamingRun.Run(new GainNetwork(model, path), reference.Features, model.FeatureMean, lookahead);
        double error = StreamingRun.MaxAbsError(actual, reference.Outputs);
        output.WriteLine($"{ExportedModelFiles.ModelPath(which)}: {reference.Features.Length} frames, {path}, lookahead {lookahead}: max abs error {error:E2}");
        Assert.True(error < 1e-3, $"{path} at lookahead {lookahead}: max abs error {error:E2} over {reference.Features.Length} frames");
    }
}
