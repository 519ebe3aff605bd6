using PercepNet.Engine.Inference;

namespace PercepNet.Tests.Inference;

public class DefaultModelTests
{
    [Fact]
    public void TryLoadReturnsTheEmbeddedModelExactlyWhenTheEngineHasOne()
    {
        using var resource = typeof(DefaultModel).Assembly.GetManifestResourceStream(DefaultModel.ResourceName);
        var model = DefaultModel.TryLoad();
        if (resource is null)
        {
            Assert.Null(model);
            return;
        }
        var bytes = new byte[resource.Length];
        resource.ReadExactly(bytes);
        var fromBytes = PercepNetModel.Load(bytes);
        Assert.NotNull(model);
        Assert.Equal(fromBytes.WeightCount, model.WeightCount);
        Assert.Equal(fromBytes.Architecture, model.Architecture);
    }
}
