using PercepNet.Engine.Inference;
using Xunit.Abstractions;

namespace PercepNet.Tests.Inference;

/// <summary>The trainer's exported model against the PyTorch reference vectors written with it.</summary>
public class ExportedModelTests(ITestOutputHelper output)
{
    public static TheoryData<KernelPath, int> PathsAndLookaheads() => GainNetworkTests.PathsAndLookaheads();

    [RequiresExportedModelTheory]
    [MemberData(nameof(PathsAndLookaheads))]
    public void MatchesThePyTorchReferenceVectors(KernelPath path, int lookahead)
    {
        var model = PercepNetModel.Load(File.ReadAllBytes(ExportedModelFiles.ModelPath));
        var reference = ReferenceVectorFile.Read(ExportedModelFiles.ReferencePath(lookahead));
        Assert.Equal(lookahead, reference.Lookahead);

        var actual = StreamingRun.Run(new GainNetwork(model, path), reference.Features, model.FeatureMean, lookahead);
        double error = StreamingRun.MaxAbsError(actual, reference.Outputs);
        output.WriteLine($"{ExportedModelFiles.ModelPath}: {reference.Features.Length} frames, {path}, lookahead {lookahead}: max abs error {error:E2}");
        Assert.True(error < 1e-3, $"{path} at lookahead {lookahead}: max abs error {error:E2} over {reference.Features.Length} frames");
    }
}
