using PercepNet.HostTest.Hosting;
using PercepNet.HostTest.Rendering;

namespace PercepNet.HostTests;

public class BypassTests
{
    [Theory]
    [MemberData(nameof(PluginBinaries.AllFormats), MemberType = typeof(PluginBinaries))]
    public void Bypassed_output_nulls_against_the_input_after_latency_alignment(PluginFormat format)
    {
        PlanarAudio input = TestSignals.Speech(seconds: 1.0);
        RenderResult result = HostedRender.Run(format, input, BlockSizeSequence.Random(3),
            new Dictionary<string, double> { ["bypass"] = 1 });
        AudioAssert.Close(input.Channels, result.Aligned, 1e-6f, $"{format} bypass null test");
    }

    [Theory]
    [MemberData(nameof(PluginBinaries.AllFormats), MemberType = typeof(PluginBinaries))]
    public void Toggling_bypass_mid_stream_does_not_click(PluginFormat format)
    {
        // A 200 Hz sine moves at most 2π·200/48000·0.5 ≈ 0.013 per sample; a hard switch between
        // the wet and the dry path would jump by far more than 0.05.
        PlanarAudio sine = TestSignals.Sine(200, 0.5, seconds: 1.0);
        var lane = new AutomationLane("bypass", [(24000L, 1.0), (36000L, 0.0)]);
        RenderResult result = HostedRender.Run(format, sine, BlockSizeSequence.Fixed(128), automation: [lane]);
        float[] y = result.Aligned[0];
        float maxStep = 0;
        for (int i = 12000; i < y.Length; i++) maxStep = Math.Max(maxStep, Math.Abs(y[i] - y[i - 1]));
        Assert.True(maxStep < 0.05f, $"{format}: bypass toggle produced a step of {maxStep:g3}");
        // Bypass really engaged: mid-way through the bypassed stretch the output is the input.
        float diff = AudioAssert.MaxAbsDifference(sine.Channels[0].AsSpan(30000, 2000), y.AsSpan(30000, 2000));
        Assert.True(diff < 1e-4f, $"{format}: bypass did not reach the dry signal (diff {diff:g3})");
    }
}
