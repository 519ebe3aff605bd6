using PercepNet.HostTest.Hosting;
using PercepNet.HostTest.Rendering;

namespace PercepNet.HostTests;

/// The output must not depend on how the host slices the stream: the plugin's FIFO turns any
/// block size into 480-sample hops (docs/DESIGN.md §6), so after latency alignment every block
/// policy gives the same samples.
public class BlockSizeInvarianceTests
{
    public static TheoryData<PluginFormat, string> Cases()
    {
        var data = new TheoryData<PluginFormat, string>();
        foreach (PluginFormat format in new[] { PluginFormat.Clap, PluginFormat.Vst3, PluginFormat.Ladspa })
            foreach (string block in new[] { "1", "17", "480", "4096", "random" })
                data.Add(format, block);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Output_matches_the_512_block_render(PluginFormat format, string block)
    {
        PlanarAudio input = TestSignals.Speech(seconds: 1.2);
        RenderResult reference = HostedRender.Run(format, input, BlockSizeSequence.Fixed(512));
        RenderResult other = HostedRender.Run(format, input, BlockSizeSequence.Parse(block, seed: 42));

        Assert.Equal(reference.Latency, other.Latency);
        Assert.True(AudioAssert.Rms(reference.Aligned[0]) > 1e-3, "the render is silent; nothing was compared");
        AudioAssert.Close(reference.Aligned, other.Aligned, 1e-4f, $"{format} block {block} vs 512");
    }

    [Theory]
    [MemberData(nameof(PluginBinaries.AllFormats), MemberType = typeof(PluginBinaries))]
    public void Stereo_output_is_block_size_invariant_and_keeps_channels_apart(PluginFormat format)
    {
        PlanarAudio input = TestSignals.Speech(seconds: 1.0, channels: 2);
        RenderResult reference = HostedRender.Run(format, input, BlockSizeSequence.Fixed(512));
        RenderResult random = HostedRender.Run(format, input, BlockSizeSequence.Random(9));
        AudioAssert.Close(reference.Aligned, random.Aligned, 1e-4f, $"{format} stereo random vs 512");
        Assert.True(AudioAssert.MaxAbsDifference(reference.Aligned[0], reference.Aligned[1]) > 1e-3,
            "left and right outputs are identical although the inputs differ");
    }
}
