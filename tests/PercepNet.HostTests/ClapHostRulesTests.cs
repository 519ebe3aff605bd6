using PercepNet.HostTest.Clap;
using PercepNet.HostTest.Hosting;
using PercepNet.HostTest.Rendering;

namespace PercepNet.HostTests;

/// CLAP rules a validator checks beyond audio: parameter flush while inactive, process status,
/// and no complaint from the plugin that we, the host, misbehaved.
public class ClapHostRulesTests
{
    const int HostMisbehaving = 5;

    [Fact]
    public void Params_flush_while_inactive_takes_effect_immediately()
    {
        using var plugin = (ClapPluginInstance)PluginBinaries.Open(PluginFormat.Clap);
        foreach (ParameterInfo p in plugin.Parameters.Where(p => !p.IsReadOnly))
        {
            double value = p.IsStepped ? (p.Default == p.Max ? p.Min : p.Max) : (p.Min + p.Max) / 2;
            Assert.True(plugin.SetParameter(p.Id, value));
            Assert.Equal(value, plugin.GetParameter(p.Id), 6);
        }
    }

    [Fact]
    public void A_whole_render_returns_no_process_error_and_no_host_misbehaving_log()
    {
        using var plugin = (ClapPluginInstance)PluginBinaries.Open(PluginFormat.Clap);
        Renderer.Render(plugin, TestSignals.Speech(seconds: 0.5), new RenderSettings(BlockSizeSequence.Random(12)));
        Assert.NotEqual(ClapProcessStatus.Error, plugin.LastProcessStatus);
        plugin.Deactivate();
        lock (plugin.HostContext.LogMessages)
            Assert.DoesNotContain(plugin.HostContext.LogMessages, m => m.StartsWith($"[{HostMisbehaving}]"));
    }
}
