using PercepNet.HostTest.Clap;
using PercepNet.HostTest.Hosting;

namespace PercepNet.HostTests;

/// What third-party hosts found on the built bundles (the Steinberg validator, Ardour), checked through our harness
/// so that a regression shows here before a host shows it to a user.
public class HostFindingsTests
{
    /// The highest rate the Steinberg validator's [Process Format] test tries; far above what the engines run.
    const double ValidatorTopRate = 1_234_567.8;

    [Fact]
    public void Vst3_refuses_an_unsupported_rate_in_setupProcessing_not_in_setActive()
    {
        using var plugin = PluginBinaries.Open(PluginFormat.Vst3);
        var refusal = Assert.Throws<InvalidOperationException>(() => plugin.Activate(ValidatorTopRate, 512));
        Assert.StartsWith("setupProcessing", refusal.Message);
        Assert.False(plugin.IsActive);
        // The same instance still runs once the host settles on a supported rate.
        plugin.Activate(44100, 512);
        Assert.True(plugin.LatencySamples > 0);
    }

    [Fact]
    public void Clap_activation_at_an_unsupported_rate_fails_and_says_why_in_the_hosts_log()
    {
        using var plugin = (ClapPluginInstance)PluginBinaries.Open(PluginFormat.Clap);
        Assert.Throws<InvalidOperationException>(() => plugin.Activate(ValidatorTopRate, 512));
        string[] messages;
        lock (plugin.HostContext.LogMessages) messages = [.. plugin.HostContext.LogMessages];
        Assert.Contains(messages, m => m.StartsWith("[3]") && m.Contains("1234567.8 Hz"));
    }

    [Theory]
    [MemberData(nameof(PluginBinaries.StatefulFormats), MemberType = typeof(PluginBinaries))]
    public void Every_parameter_is_automatable_so_generic_editors_list_all_of_them(PluginFormat format)
    {
        using var plugin = PluginBinaries.Open(format);
        // VST3 adds the program-change parameter of its preset list ("Preset"), which picks presets and is not automated
        // (hosts show it as the program list, Ardour as its preset menu).
        Assert.Equal(format == PluginFormat.Vst3 ? 9 : 8, plugin.Parameters.Count);
        Assert.Equal(format == PluginFormat.Vst3 ? 1 : 0, plugin.Parameters.Count(p => p.IsProgramChange));
        // Every input; the one read-only parameter is the gain-reduction meter, which the plug-in sets.
        Assert.All(plugin.Parameters.Where(p => !p.IsReadOnly && !p.IsProgramChange), p => Assert.True(p.IsAutomatable, $"{p.Name} is not automatable"));
        Assert.Equal("Gain reduction", Assert.Single(plugin.Parameters, p => p.IsReadOnly).Name);
    }
}
