using PercepNet.HostTest.Clap;
using PercepNet.HostTest.Hosting;
using PercepNet.HostTest.Rendering;
using PercepNet.HostTest.Vst3;

namespace PercepNet.HostTests;

/// Factory presets in the built binaries (issue 21): listed by name the way each format's hosts list them (CLAP's
/// preset-discovery factory, the VST3 program list of IUnitInfo), and each loads the values README "Presets" documents,
/// read back through the format's own parameter calls, kept by a state save, and heard in the audio.
public class FactoryPresetTests
{
    static readonly string[] Names = ["Default", "Gentle", "Broadcast", "Strongest"];

    /// README "Presets": attenuation limit dB, post-filter %, lookahead frames, dry/wet %, Model (0 Full, 1 Light).
    static readonly Dictionary<string, double[]> Documented = new()
    {
        ["Default"] = [60, 100, 1, 100, 1],
        ["Gentle"] = [12, 0, 1, 100, 1],
        ["Broadcast"] = [24, 100, 1, 100, 1],
        ["Strongest"] = [60, 100, 2, 100, 1],
    };

    static readonly string[] Set = ["attenuation", "post-filter", "lookahead", "mix", "model"];

    /// Values away from every preset's; Bypass and Stereo link are not the preset's business and must stay.
    static void SetOddValues(IHostedPlugin plugin) => HostedRender.Set(plugin, new Dictionary<string, double>
    {
        ["attenuation"] = 33, ["post-filter"] = 55, ["lookahead"] = 0, ["mix"] = 70, ["model"] = 0, ["bypass"] = 1, ["link"] = 0,
    });

    static void AssertDocumented(IHostedPlugin plugin, string preset, string when)
    {
        for (int i = 0; i < Set.Length; i++)
        {
            double value = plugin.GetParameter(HostedRender.Param(plugin, Set[i]).Id);
            Assert.True(Math.Abs(value - Documented[preset][i]) < 1e-6,
                $"{plugin.Format} {preset} {when}: {Set[i]} reads {value}, README documents {Documented[preset][i]}");
        }
        Assert.Equal(1, plugin.GetParameter(HostedRender.Param(plugin, "bypass").Id));
        Assert.Equal(0, plugin.GetParameter(HostedRender.Param(plugin, "link").Id));
    }

    [Theory]
    [MemberData(nameof(PluginBinaries.StatefulFormats), MemberType = typeof(PluginBinaries))]
    public void Hosts_list_the_factory_presets_by_name(PluginFormat format)
    {
        using IHostedPlugin mono = PluginBinaries.Open(format);
        Assert.Equal(Names, mono.Presets);
        using IHostedPlugin stereo = PluginBinaries.Open(format, channels: 2);
        Assert.Equal(Names, stereo.Presets);
    }

    [Fact]
    public void Ladspa_lists_no_presets_it_has_no_way_to()
    {
        using IHostedPlugin plugin = PluginBinaries.Open(PluginFormat.Ladspa);
        Assert.Empty(plugin.Presets);
    }

    [Theory]
    [MemberData(nameof(PluginBinaries.StatefulFormats), MemberType = typeof(PluginBinaries))]
    public void Each_preset_loads_its_documented_values_and_a_saved_state_keeps_them(PluginFormat format)
    {
        foreach (string name in Names)
        {
            byte[] saved;
            using (IHostedPlugin plugin = PluginBinaries.Open(format))
            {
                plugin.Activate(48000, 512);   // as in a DAW session
                SetOddValues(plugin);
                Assert.True(plugin.LoadPreset(name), $"{format}: loading {name} refused");
                AssertDocumented(plugin, name, "after loading");
                PlanarAudio input = TestSignals.Speech(seconds: 0.1);
                Renderer.Render(plugin, input, new RenderSettings(BlockSizeSequence.Fixed(480)));
                AssertDocumented(plugin, name, "after processing");
                // The component state is the processor's view (VST3 gets the program change inside process).
                saved = plugin.SaveState() ?? throw new Xunit.Sdk.XunitException("state save failed");
            }
            using IHostedPlugin reopened = PluginBinaries.Open(format);
            Assert.True(reopened.LoadState(saved));
            AssertDocumented(reopened, name, "in a state saved after it");
        }
    }

    /// The preset is heard as its values: a render with the preset loaded equals one with the documented values set one
    /// by one (the Strongest case also changes the latency).
    [Theory]
    [InlineData(PluginFormat.Clap, "Gentle")]
    [InlineData(PluginFormat.Clap, "Strongest")]
    [InlineData(PluginFormat.Vst3, "Gentle")]
    [InlineData(PluginFormat.Vst3, "Strongest")]
    public void A_preset_sounds_as_its_values_set_one_by_one(PluginFormat format, string name)
    {
        PlanarAudio input = TestSignals.Speech(seconds: 1.0);
        RenderResult viaPreset, viaValues;
        using (IHostedPlugin plugin = PluginBinaries.Open(format))
        {
            Assert.True(plugin.LoadPreset(name));
            viaPreset = Renderer.Render(plugin, input, new RenderSettings(BlockSizeSequence.Fixed(512)));
        }
        using (IHostedPlugin plugin = PluginBinaries.Open(format))
        {
            HostedRender.Set(plugin, Set.Select((p, i) => (p, i)).ToDictionary(x => x.p, x => Documented[name][x.i]));
            viaValues = Renderer.Render(plugin, input, new RenderSettings(BlockSizeSequence.Fixed(512)));
        }
        Assert.Equal(viaValues.Latency, viaPreset.Latency);
        Assert.Equal(480 * (2 + (int)Documented[name][2]), viaPreset.Latency);
        AudioAssert.Close(viaValues.Raw, viaPreset.Raw, 1e-12f, $"{format} {name}");   // the same samples
        Assert.True(AudioAssert.Rms(viaPreset.Aligned[0]) > 1e-3, $"{format} {name}: silent");
    }

    [Fact]
    public void Clap_presets_live_in_the_plugin_file_and_load_through_preset_load()
    {
        var module = ClapModule.Load(PluginBinaries.PathOf(PluginFormat.Clap));
        var index = ClapPresetDiscoveryClient.Scan(module) ?? throw new Xunit.Sdk.XunitException("no preset-discovery factory");
        var provider = Assert.Single(index.Providers);
        var location = Assert.Single(provider.Locations);
        Assert.Equal(ClapPresetDiscoveryLocation.KindPlugin, location.Kind);
        Assert.Null(location.Location);
        Assert.Equal(ClapPresetDiscoveryLocation.IsFactoryContent, location.Flags);
        Assert.Equal(Names, location.Presets.Select(p => p.Name));
        Assert.Equal(["default", "gentle", "broadcast", "strongest"], location.Presets.Select(p => p.LoadKey));
        var ids = module.Descriptors().Select(d => ("clap", d.Id)).ToList();
        Assert.All(location.Presets, p =>
        {
            Assert.Equal(ids, p.PluginIds);
            Assert.Equal(ClapPresetDiscoveryLocation.IsFactoryContent, p.Flags);
            Assert.False(string.IsNullOrWhiteSpace(p.Description));
            Assert.Empty(p.Errors);
        });
        // Hosts built against the draft ask under its id: the same provider answers.
        var draft = ClapPresetDiscoveryClient.Scan(module, ClapExtensionIds.PresetDiscoveryFactoryCompat);
        Assert.Equal(location.Presets.Select(p => p.LoadKey), draft!.Presets.Select(p => p.LoadKey));
        // There are no preset files to read.
        var file = ClapPresetDiscoveryClient.Probe(module, ClapPresetDiscoveryLocation.KindFile, "/tmp/x.preset");
        Assert.False(file.Ok);
        Assert.Equal(0, file.Presets);
        Assert.Single(file.Errors);

        using var plugin = (ClapPluginInstance)PluginBinaries.Open(PluginFormat.Clap);
        plugin.Activate(48000, 512);
        int rescans = plugin.HostContext.ParamRescans, restarts = plugin.HostContext.RestartRequests;
        Assert.True(plugin.LoadPreset("Strongest"));
        Assert.Equal(["strongest"], plugin.HostContext.PresetsLoaded);
        Assert.True(plugin.HostContext.ParamRescans > rescans, "no params rescan after loading a preset");
        Assert.True(plugin.HostContext.RestartRequests > restarts, "Strongest changes the lookahead, but no restart was requested");
        plugin.Restart(48000, 512);
        Assert.Equal(480 * 4, plugin.LatencySamples);

        Assert.False(plugin.LoadPresetFrom(ClapPresetDiscoveryLocation.KindPlugin, null, "loudest"));
        Assert.False(plugin.LoadPresetFrom(ClapPresetDiscoveryLocation.KindFile, "/tmp/gentle", "gentle"));
        Assert.Equal(2, plugin.HostContext.PresetErrors.Count);
        Assert.Contains("gentle, broadcast, strongest", plugin.HostContext.PresetErrors[0]);
        Assert.Equal(60, plugin.GetParameter(HostedRender.Param(plugin, "attenuation").Id));   // a refused load changes nothing
    }

    [Fact]
    public void Vst3_presets_are_the_root_units_program_list_and_its_program_change_parameter()
    {
        using var plugin = (Vst3PluginInstance)PluginBinaries.Open(PluginFormat.Vst3);
        var (units, lists) = plugin.UnitsAndPrograms();
        var root = Assert.Single(units);
        Assert.Equal((Vst3Constants.RootUnitId, Vst3Constants.NoParentUnitId), (root.Id, root.ParentId));
        var list = Assert.Single(lists);
        Assert.Equal(root.ProgramListId, list.Id);
        Assert.Equal(Names, list.Programs);

        var program = Assert.Single(plugin.Parameters, p => p.IsProgramChange);
        Assert.Equal("Preset", program.Name);
        Assert.True(program.IsStepped);
        Assert.Equal((0, Names.Length - 1, 0), (program.Min, program.Max, program.Default));
        Assert.False(program.IsAutomatable);   // a preset may change the latency: it is chosen, not automated
        Assert.False(program.IsReadOnly);
        Assert.Equal(Names, Enumerable.Range(0, Names.Length).Select(i => plugin.ValueToText(program.Id, i)));

        plugin.Activate(48000, 512);
        HostedRender.Set(plugin, new Dictionary<string, double> { ["attenuation"] = 33 });
        int latency = plugin.Handler.LatencyChangedCalls;
        plugin.Handler.EditLog.Clear();
        Assert.True(plugin.LoadPreset("Strongest"));
        Assert.Equal(3, plugin.GetParameter(program.Id));
        // The host learns the values that changed as an editor's edits, and nothing restarts from inside the program
        // change (Ardour 7.3 would hang: its restartComponent takes the lock it holds while setting the program).
        Assert.Equal(0, plugin.Handler.RestartsInsideProgramChange);
        var limit = HostedRender.Param(plugin, "attenuation");
        var lookahead = HostedRender.Param(plugin, "lookahead");
        Assert.Equal([(limit.Id, 1.0), (lookahead.Id, 1.0)], plugin.Handler.EditLog);
        // The new lookahead's restart is asked for at the host's next parameter call.
        Assert.Equal(latency, plugin.Handler.LatencyChangedCalls);
        HostedRender.Set(plugin, new Dictionary<string, double> { ["mix"] = 100 });
        Assert.Equal(latency + 1, plugin.Handler.LatencyChangedCalls);
        plugin.Restart();
        Assert.Equal(480 * 4, plugin.LatencySamples);

        // A project saved right after choosing a preset shows that preset when it opens.
        Assert.True(plugin.LoadPreset("Gentle"));
        byte[] saved = plugin.SaveState()!;
        using var reopened = (Vst3PluginInstance)PluginBinaries.Open(PluginFormat.Vst3);
        Assert.Equal(0, reopened.GetParameter(program.Id));
        Assert.True(reopened.LoadState(saved));
        Assert.Equal(1, reopened.GetParameter(program.Id));
    }
}
