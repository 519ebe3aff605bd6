using PercepNet.HostTest.Clap;
using PercepNet.HostTest.Hosting;
using PercepNet.HostTest.Rendering;
using PercepNet.HostTest.Vst3;

namespace PercepNet.HostTests;

/// A denoiser is nonlinear, so its delay is measured where it must be linear: the dry path
/// (mix 0 %) and bypass must be a pure delay of exactly the reported latency, and with the
/// wet path at strength 0 the clicks must come out at that same delay.
public class LatencyTests
{
    static readonly Dictionary<string, double> Dry = new() { ["mix"] = 0 };
    static readonly Dictionary<string, double> Bypassed = new() { ["bypass"] = 1 };

    public static TheoryData<PluginFormat, int> FormatsAndRates()
    {
        var data = new TheoryData<PluginFormat, int>();
        foreach (PluginFormat format in new[] { PluginFormat.Clap, PluginFormat.Vst3, PluginFormat.Ladspa })
            foreach (int rate in new[] { 48000, 44100, 96000 })
                data.Add(format, rate);
        return data;
    }

    [Theory]
    [MemberData(nameof(FormatsAndRates))]
    public void Dry_mix_and_bypass_are_a_pure_delay_of_the_reported_latency(PluginFormat format, int rate)
    {
        PlanarAudio input = TestSignals.Speech(rate, seconds: 1.0);
        foreach (var (name, parameters) in new[] { ("dry/wet 0", Dry), ("bypass", Bypassed) })
        {
            RenderResult result = HostedRender.Run(format, input, BlockSizeSequence.Fixed(333), parameters);
            Assert.True(result.Latency > 0, $"{format} reports no latency at {rate} Hz");
            // Raw output sample n + latency must be input sample n, for every n.
            float diff = AudioAssert.MaxAbsDifference(input.Channels[0], result.Raw[0].AsSpan(result.Latency, input.Frames));
            Assert.True(diff < 1e-5f, $"{format} {name} at {rate} Hz: output is not the input delayed by the reported {result.Latency} samples (max diff {diff:g4})");
            Assert.True(AudioAssert.Rms(result.Raw[0].AsSpan(0, result.Latency)) < 1e-6, $"{format} {name}: sound before the latency");
        }
    }

    [Theory]
    [MemberData(nameof(PluginBinaries.AllFormats), MemberType = typeof(PluginBinaries))]
    public void Clicks_through_the_wet_path_come_out_at_the_reported_latency(PluginFormat format)
    {
        PlanarAudio clicks = TestSignals.Clicks();
        for (int lookahead = 0; lookahead <= 2; lookahead++)
        {
            RenderResult result = HostedRender.Run(format, clicks, BlockSizeSequence.Fixed(256),
                new Dictionary<string, double> { ["attenuation"] = 0, ["lookahead"] = lookahead });
            int measured = AudioAssert.DelayOf(clicks.Channels[0], result.Raw[0], 4000);
            Assert.True(result.Latency == measured, $"{format} lookahead {lookahead}: reported {result.Latency}, measured {measured}");
        }
    }

    [Theory]
    [InlineData(PluginFormat.Clap)]
    [InlineData(PluginFormat.Vst3)]
    [InlineData(PluginFormat.Ladspa)]
    public void Each_lookahead_frame_adds_exactly_one_hop_of_latency(PluginFormat format)
    {
        var latencies = new int[3];
        for (int lookahead = 0; lookahead <= 2; lookahead++)
        {
            using IHostedPlugin plugin = PluginBinaries.Open(format);
            HostedRender.Set(plugin, new Dictionary<string, double> { ["lookahead"] = lookahead });
            plugin.Activate(48000, 512);
            latencies[lookahead] = plugin.LatencySamples;
        }
        // docs/DESIGN.md §2: at least the 10 ms overlap, then 10 ms (480 samples) per lookahead frame.
        Assert.True(latencies[0] >= 480, $"{format}: latency {latencies[0]} at lookahead 0 is below one hop");
        Assert.Equal(latencies[0] + 480, latencies[1]);
        Assert.Equal(latencies[0] + 960, latencies[2]);
    }

    [Fact]
    public void Clap_lookahead_change_while_active_requests_a_restart_and_reports_the_new_latency()
    {
        using var plugin = (ClapPluginInstance)PluginBinaries.Open(PluginFormat.Clap);
        ParameterInfo lookahead = HostedRender.Param(plugin, "lookahead");
        plugin.SetParameter(lookahead.Id, 1);
        plugin.Activate(48000, 512);
        int latency = plugin.LatencySamples;
        int before = plugin.HostContext.RestartRequests;

        using var buffers = new ChannelBuffers(plugin.Channels, 512, inPlace: false);
        unsafe { plugin.Process(buffers.InputPointers, buffers.OutputPointers, 512, [new ParameterChange(100, lookahead.Id, 2)]); }

        Assert.True(plugin.HostContext.RestartRequests > before, "latency changed while active without clap_host.request_restart");
        // CLAP: latency may change only inside activate, so the old value holds until the restart.
        Assert.Equal(latency, plugin.LatencySamples);
        plugin.Restart(48000, 512);
        Assert.Equal(latency + 480, plugin.LatencySamples);
    }

    [Fact]
    public void Vst3_lookahead_change_calls_restartComponent_with_kLatencyChanged()
    {
        using var plugin = (Vst3PluginInstance)PluginBinaries.Open(PluginFormat.Vst3);
        ParameterInfo lookahead = HostedRender.Param(plugin, "lookahead");
        plugin.Activate(48000, 512);
        int latency = plugin.LatencySamples;
        int before = plugin.Handler.LatencyChangedCalls;
        Assert.True(plugin.SetParameter(lookahead.Id, 0));
        using var buffers = new ChannelBuffers(plugin.Channels, 512, inPlace: false);
        unsafe { plugin.Process(buffers.InputPointers, buffers.OutputPointers, 512, []); }
        Assert.True(plugin.Handler.LatencyChangedCalls > before, "no restartComponent(kLatencyChanged) after a lookahead change");
        plugin.Restart();
        Assert.Equal(latency - 480, plugin.LatencySamples);
    }
}
