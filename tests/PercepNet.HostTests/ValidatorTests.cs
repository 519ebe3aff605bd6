using PercepNet.HostTest.Clap;
using PercepNet.HostTest.Hosting;
using PercepNet.HostTest.Ladspa;
using PercepNet.HostTest.Rendering;
using PercepNet.HostTest.Vst3;

namespace PercepNet.HostTests;

/// The checks clap-validator and the Steinberg validator run, written against our harness.
public class ValidatorTests
{
    [Theory]
    [MemberData(nameof(PluginBinaries.AllFormats), MemberType = typeof(PluginBinaries))]
    public void Descriptor_and_parameter_info_are_consistent(PluginFormat format)
    {
        using IHostedPlugin plugin = PluginBinaries.Open(format);
        Assert.False(string.IsNullOrWhiteSpace(plugin.Id));
        Assert.False(string.IsNullOrWhiteSpace(plugin.Name));
        Assert.Equal(1, plugin.Channels);
        Assert.Equal(plugin.Parameters.Count, plugin.Parameters.Select(p => p.Id).Distinct().Count());
        Assert.Equal(plugin.Parameters.Count, plugin.Parameters.Select(p => p.Name).Distinct().Count());
        foreach (string name in new[] { "attenuation", "post-filter", "lookahead", "mix", "bypass", "model" })
            Assert.NotNull(ParameterLookup.TryFind(plugin.Parameters, name));
        foreach (ParameterInfo p in plugin.Parameters)
        {
            Assert.True(double.IsFinite(p.Min) && double.IsFinite(p.Max) && double.IsFinite(p.Default), $"{p.Name}: non-finite range");
            Assert.True(p.Min < p.Max, $"{p.Name}: empty range");
            Assert.InRange(p.Default, p.Min, p.Max);
            Assert.Equal(p.Default, plugin.GetParameter(p.Id), 6);
        }
        if (format != PluginFormat.Ladspa)
            Assert.Single(plugin.Parameters, p => p.IsBypass);

        switch (plugin)
        {
            case ClapPluginInstance clap:
                var ins = clap.AudioPorts(input: true);
                var outs = clap.AudioPorts(input: false);
                Assert.Single(ins);
                Assert.Single(outs);
                Assert.Equal(ins[0].ChannelCount, outs[0].ChannelCount);
                Assert.NotEqual(0u, ins[0].Flags & 1u); // CLAP_AUDIO_PORT_IS_MAIN
                var ids = ClapModule.Load(PluginBinaries.PathOf(PluginFormat.Clap)).Descriptors().Select(d => d.Id).ToList();
                Assert.Equal(ids.Count, ids.Distinct().Count());
                break;
            case Vst3PluginInstance vst3:
                Assert.Single(vst3.Buses(Vst3Constants.MediaAudio, Vst3Constants.DirectionInput));
                Assert.Single(vst3.Buses(Vst3Constants.MediaAudio, Vst3Constants.DirectionOutput));
                Assert.Empty(vst3.Buses(Vst3Constants.MediaEvent, Vst3Constants.DirectionOutput));
                // Linux VST3 modules export ModuleEntry (checked at load) and ModuleExit.
                Assert.True(Vst3Module.Load(PluginFormats.BinaryPath(PluginBinaries.PathOf(PluginFormat.Vst3), PluginFormat.Vst3)).ExportsModuleExit,
                    "the VST3 module does not export ModuleExit");
                break;
            case LadspaPluginInstance ladspa:
                Assert.NotEqual(0ul, ladspa.UniqueId);
                Assert.True(ladspa.LatencyPort >= 0, "no 'latency' output control port: hosts cannot compensate the delay");
                Assert.NotEqual(0, ladspa.Properties & LadspaProperty.HardRtCapable);
                Assert.Equal(0, ladspa.Properties & LadspaProperty.InplaceBroken);
                break;
        }
    }

    /// VST 3.7 hosts read Contents/Resources/moduleinfo.json instead of loading the module; it
    /// must name the same class the factory creates.
    [Fact]
    public void Vst3_bundle_moduleinfo_matches_the_factory()
    {
        string bundle = PluginBinaries.PathOf(PluginFormat.Vst3);
        string path = Path.Combine(bundle, "Contents", "Resources", "moduleinfo.json");
        Assert.True(File.Exists(path), $"missing {path}");
        // moduleinfo.json is JSON5-ish in Steinberg's examples; ours must be plain JSON.
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
        var classes = json.RootElement.GetProperty("Classes").EnumerateArray().ToList();
        var factory = Vst3Module.Load(PluginFormats.BinaryPath(bundle, PluginFormat.Vst3)).Classes();
        foreach (var c in factory)
            Assert.Contains(classes, j => string.Equals(j.GetProperty("CID").GetString(), c.Cid.ToString(), StringComparison.OrdinalIgnoreCase)
                && j.GetProperty("Name").GetString() == c.Name);
    }

    [Theory]
    [MemberData(nameof(PluginBinaries.AllFormats), MemberType = typeof(PluginBinaries))]
    public void In_place_processing_equals_out_of_place_and_inputs_are_left_untouched(PluginFormat format)
    {
        PlanarAudio input = TestSignals.Speech(seconds: 0.8);
        RenderResult outOfPlace = HostedRender.Run(format, input, BlockSizeSequence.Random(2));
        RenderResult inPlace = HostedRender.Run(format, input, BlockSizeSequence.Random(2), inPlace: true);
        Assert.False(outOfPlace.InputBuffersModified, $"{format} wrote into its input buffers");
        AudioAssert.Close(outOfPlace.Aligned, inPlace.Aligned, 1e-6f, $"{format} in-place vs out-of-place");
    }

    [Theory]
    [MemberData(nameof(PluginBinaries.AllFormats), MemberType = typeof(PluginBinaries))]
    public void Denormal_input_gives_no_denormal_nan_or_infinite_output(PluginFormat format)
    {
        var x = new float[48000];
        for (int i = 0; i < x.Length; i++) x[i] = (i % 3 - 1) * float.Epsilon * (1 + i % 1000);
        RenderResult result = HostedRender.Run(format, new PlanarAudio([x], 48000), BlockSizeSequence.Fixed(256));
        AudioAssert.Clean(result.Raw, $"{format} denormal input");
    }

    public static TheoryData<PluginFormat, int> RateCases()
    {
        var data = new TheoryData<PluginFormat, int>();
        foreach (PluginFormat format in new[] { PluginFormat.Clap, PluginFormat.Vst3, PluginFormat.Ladspa })
            foreach (int rate in new[] { 44100, 48000, 88200, 96000, 192000 })
                data.Add(format, rate);
        return data;
    }

    [Theory]
    [MemberData(nameof(RateCases))]
    public void Standard_sample_rates_process_speech_with_latency_compensated_output(PluginFormat format, int rate)
    {
        PlanarAudio input = TestSignals.Speech(rate, seconds: 0.8);
        RenderResult result = HostedRender.Run(format, input, BlockSizeSequence.Random(4));
        AudioAssert.Clean(result.Raw, $"{format} at {rate} Hz");
        // docs/DESIGN.md §2/§6: 10 ms overlap + 10 ms lookahead at the default, plus FIFO and resampler
        // delays; anything past 50 ms would be a bug, not a design choice.
        Assert.InRange(result.Latency, (int)(0.020 * rate), (int)(0.050 * rate));
        double inRms = AudioAssert.Rms(input.Channels[0]), outRms = AudioAssert.Rms(result.Aligned[0]);
        Assert.True(outRms > 0.01 * inRms && outRms < 2 * inRms, $"{format} at {rate} Hz: output rms {outRms:g3} vs input {inRms:g3}");
    }

    [Theory]
    [MemberData(nameof(PluginBinaries.AllFormats), MemberType = typeof(PluginBinaries))]
    public void Extreme_sample_rates_are_handled_safely(PluginFormat format)
    {
        foreach (int rate in new[] { 1000, 8000, 22050, 352800, 768000 })
        {
            PlanarAudio input = TestSignals.Speech(rate, seconds: 0.3);
            using IHostedPlugin plugin = PluginBinaries.Open(format);
            try
            {
                plugin.Activate(rate, 1024);
            }
            catch (InvalidOperationException)
            {
                continue; // refusing to activate is a safe answer; a crash or garbage is not
            }
            RenderResult result = Renderer.Render(plugin, input, new RenderSettings(BlockSizeSequence.Random(6, 1024)));
            AudioAssert.Clean(result.Raw, $"{format} at {rate} Hz");
            Assert.True(result.Latency >= 0);
            Assert.True(AudioAssert.Rms(result.Aligned[0]) <= 4 * AudioAssert.Rms(input.Channels[0]) + 1e-6,
                $"{format} at {rate} Hz: output louder than the input (garbage)");
        }
    }

    [Theory]
    [MemberData(nameof(PluginBinaries.AllFormats), MemberType = typeof(PluginBinaries))]
    public void Reset_and_reactivation_reproduce_a_fresh_instance(PluginFormat format)
    {
        PlanarAudio input = TestSignals.Speech(seconds: 0.6);
        RenderResult fresh = HostedRender.Run(format, input, BlockSizeSequence.Fixed(480));
        using IHostedPlugin plugin = PluginBinaries.Open(format);
        Renderer.Render(plugin, TestSignals.Speech(seconds: 0.5, seed: 99), new RenderSettings(BlockSizeSequence.Fixed(480)));
        plugin.Reset();
        RenderResult afterReset = Renderer.Render(plugin, input, new RenderSettings(BlockSizeSequence.Fixed(480)));
        AudioAssert.Close(fresh.Aligned, afterReset.Aligned, 1e-5f, $"{format} after reset");

        plugin.Deactivate();
        plugin.Activate(44100, 256);
        plugin.Deactivate();
        RenderResult reactivated = Renderer.Render(plugin, input, new RenderSettings(BlockSizeSequence.Fixed(480)));
        AudioAssert.Close(fresh.Aligned, reactivated.Aligned, 1e-5f, $"{format} after deactivate/activate at another rate");
    }

    [Theory]
    [MemberData(nameof(PluginBinaries.AllFormats), MemberType = typeof(PluginBinaries))]
    public void Value_to_text_and_back_round_trips(PluginFormat format)
    {
        using IHostedPlugin plugin = PluginBinaries.Open(format);
        foreach (ParameterInfo p in plugin.Parameters)
            for (int step = 0; step <= 8; step++)
            {
                double value = p.Min + (p.Max - p.Min) * step / 8;
                if (p.IsStepped) value = Math.Round(value);
                string? text = plugin.ValueToText(p.Id, value);
                Assert.False(string.IsNullOrEmpty(text), $"{p.Name}: no text for {value}");
                double? back = plugin.TextToValue(p.Id, text!);
                Assert.NotNull(back);
                // Text shows about 3 significant digits; the round trip must land that close.
                Assert.True(Math.Abs(back!.Value - value) <= 0.01 * (p.Max - p.Min),
                    $"{p.Name}: {value} → '{text}' → {back}");
            }
    }

    [Theory]
    [MemberData(nameof(PluginBinaries.AllFormats), MemberType = typeof(PluginBinaries))]
    public void Sample_accurate_parameter_fuzz_keeps_output_clean_and_deterministic(PluginFormat format)
    {
        PlanarAudio input = TestSignals.Speech(seconds: 1.0);
        List<AutomationLane> lanes;
        using (IHostedPlugin probe = PluginBinaries.Open(format))
        {
            var random = new Random(17);
            lanes = probe.Parameters.Where(p => !p.IsReadOnly && !ParameterInfo.Key(p.Name).Contains("lookahead"))
                .Select(p => new AutomationLane(p.Name, Enumerable.Range(0, 60)
                    .Select(_ => ((long)random.Next(input.Frames), p.IsStepped ? Math.Round(p.Min + random.NextDouble() * (p.Max - p.Min)) : p.Min + random.NextDouble() * (p.Max - p.Min)))
                    .OrderBy(x => x.Item1).ToList()))
                .ToList();
        }
        RenderResult a = HostedRender.Run(format, input, BlockSizeSequence.Random(8), automation: lanes);
        RenderResult b = HostedRender.Run(format, input, BlockSizeSequence.Fixed(64), automation: lanes);
        AudioAssert.Clean(a.Raw, $"{format} parameter fuzz");
        // Automation is applied at hop granularity (issue 6), so how blocks fall does not matter.
        AudioAssert.Close(a.Aligned, b.Aligned, 1e-4f, $"{format} parameter fuzz, random blocks vs 64");
    }
}
