using PercepNet.HostTest.Hosting;
using PercepNet.HostTest.Rendering;

namespace PercepNet.HostTests;

/// One-call renders for tests: open the plugin, set parameters by name, render, dispose.
public static class HostedRender
{
    public static RenderResult Run(PluginFormat format, PlanarAudio input, BlockSizeSequence blocks,
        IReadOnlyDictionary<string, double>? parameters = null, IReadOnlyList<AutomationLane>? automation = null,
        bool inPlace = false)
    {
        using IHostedPlugin plugin = PluginBinaries.Open(format, input.Channels.Length);
        Set(plugin, parameters);
        return Renderer.Render(plugin, input, new RenderSettings(blocks, automation, inPlace));
    }

    public static void Set(IHostedPlugin plugin, IReadOnlyDictionary<string, double>? parameters)
    {
        if (parameters == null) return;
        foreach (var (name, value) in parameters)
        {
            ParameterInfo p = ParameterLookup.Find(plugin.Parameters, name);
            Assert.True(plugin.SetParameter(p.Id, value), $"{plugin.Format}: setting {p.Name} = {value} refused");
        }
    }

    public static ParameterInfo Param(IHostedPlugin plugin, string name) => ParameterLookup.Find(plugin.Parameters, name);
}
