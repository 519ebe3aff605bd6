using PercepNet.Cli.Dataset;

namespace PercepNet.Tests.Dataset;

/// <summary>Clicks are off by default since mixer revision 6 and come back only on request (the ablation).</summary>
public class ClicksShareTests
{
    private static SourcePool Pool() => new()
    {
        Speech = Enumerable.Range(0, 6).Select(i => new Source(
            new DataFile($"speech/a/c{i}.wav", "speech", 48000, 1, "CC0 1.0 (test)", "train", "g", 24000),
            Enumerable.Range(0, 48000).Select(k => (float)(0.1 * Math.Sin(k * (0.05 + 0.01 * i)))).ToArray())).ToList(),
        Noise = [],
        RoomResponses = [],
    };

    private static int ClickLayers(MixtureGenerator g) => Enumerable.Range(0, 150).Sum(i =>
        g.Generate(5, i).Description.Split(", ").Count(d => d.StartsWith("typing", StringComparison.Ordinal) || d.StartsWith("ticks", StringComparison.Ordinal)));

    [Fact]
    public void No_clicks_by_default_and_about_the_requested_share_on_request()
    {
        var pool = Pool();
        Assert.Equal(0, ClickLayers(new MixtureGenerator(pool, seconds: 1)));
        // 150 mixtures, about 1.4 noise layers each, 12 % of layers: about 25 expected.
        Assert.InRange(ClickLayers(new MixtureGenerator(pool, seconds: 1) { ClicksShare = 0.12 }), 10, 45);
    }
}
