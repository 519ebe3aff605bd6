using System.Globalization;
using System.Text.RegularExpressions;
using PercepNet.HostTest.Hosting;

namespace PercepNet.HostTests;

/// installer/pipewire/percepnet-mic.conf sets the LADSPA controls by port name; PipeWire refuses the whole
/// filter chain (and the microphone disappears) when one name is wrong. Every name there must be a control port
/// of the built LADSPA plug-in, with a value in its range, and every control port must be set.
public partial class PipeWireConfigTests
{
    [GeneratedRegex("^\\s*\"(?<name>[^\"]+)\"\\s*=\\s*(?<value>[-0-9.]+)\\s*$")]
    private static partial Regex ControlLine();

    [Fact]
    public void Every_control_in_the_pipewire_config_is_a_port_of_the_plugin_with_a_value_in_range()
    {
        string config = File.ReadAllText(Path.Combine(PluginBinaries.RepositoryRoot, "installer", "pipewire", "percepnet-mic.conf"));
        int start = config.IndexOf("control = {", StringComparison.Ordinal);
        Assert.True(start >= 0, "no control block");
        string block = config[start..config.IndexOf('}', start)];
        var controls = block.Split('\n').Select(l => ControlLine().Match(l)).Where(m => m.Success)
            .ToDictionary(m => m.Groups["name"].Value, m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));

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
