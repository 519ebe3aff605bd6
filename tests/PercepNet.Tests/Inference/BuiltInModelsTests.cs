using PercepNet.Engine.Inference;

namespace PercepNet.Tests.Inference;

public class BuiltInModelsTests
{
    [Theory]
    [InlineData(BuiltInModels.LightResourceName)]
    [InlineData(BuiltInModels.FullResourceName)]
    public void Each_loader_returns_its_embedded_model_exactly_when_the_engine_has_it(string resourceName)
    {
        using var resource = typeof(BuiltInModels).Assembly.GetManifestResourceStream(resourceName);
        var model = resourceName == BuiltInModels.LightResourceName ? BuiltInModels.TryLoadLight() : BuiltInModels.TryLoadFull();
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

    /// The default is the Light network (models/MODEL_CARD.md, "Which model is the default"), and the two differ.
    [Fact]
    public void The_default_is_the_light_model_and_differs_from_the_full_one()
    {
        var light = BuiltInModels.TryLoadLight();
        var full = BuiltInModels.TryLoadFull();
        var chosen = BuiltInModels.TryLoadDefault();
        Assert.NotNull(light);
        Assert.NotNull(full);
        Assert.NotNull(chosen);
        Assert.Equal(light.WeightCount, chosen.WeightCount);
        Assert.True(full.WeightCount > 5 * light.WeightCount, $"full {full.WeightCount} against light {light.WeightCount} weights");
    }
}
