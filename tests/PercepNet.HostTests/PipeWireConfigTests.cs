using PercepNet.HostTest.Hosting;

namespace PercepNet.HostTests;

/// installer/pipewire/percepnet-mic.conf sets the LADSPA controls by port name; PipeWire refuses the whole
/// filter chain (and the microphone disappears) when one name is wrong. Every name there must be a control port
/// of the built LADSPA plug-in, with a value in its range, and every control port must be set.
public class PipeWireConfigTests
{
    [Fact]
    public void Every_control_in_the_pipewire_config_is_a_port_of_the_plugin_with_a_value_in_range()
    {
        var controls = ShippedPipeWireConfig.Controls();

        using IHostedPlugin plugin = PluginBinaries.Open(PluginFormat.Ladspa);
        var ports = plugin.Parameters.Where(p => !p.IsReadOnly).ToDictionary(p => p.Name);
        foreach (var (name, value) in controls)
        {
            Assert.True(ports.TryGetValue(name, out var port), $"'{name}' is not a control port ({string.Join(", ", ports.Keys)})");
            Assert.InRange(value, port!.Min, port.Max);
        }
        Assert.Equal(ports.Keys.Order(), controls.Keys.Order());
    }
}
