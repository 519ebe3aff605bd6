using PercepNet.Engine.Presets;
using PercepNet.Plugin.Core;
using static PercepNet.Plugin.Tests.TestAudio;

namespace PercepNet.Plugin.Tests;

/// <summary>
/// Factory presets in the plug-in core (issue 21): each loads the values README "Presets" documents, on the main thread
/// (CLAP preset-load, through the mailbox while active) and on the audio thread (VST3's program change in a block),
/// leaves Bypass and Stereo link alone, survives a state save and load, and the audio thread allocates nothing for it.
/// </summary>
public class FactoryPresetTests
{
    /// <summary>README "Presets": name, attenuation limit dB, post-filter %, lookahead, dry/wet %, Model (0 Full, 1 Light).</summary>
    public static readonly TheoryData<string, double, double, double, double, double> Documented = new()
    {
        { "Default", 60, 100, 1, 100, 1 },
        { "Gentle", 12, 0, 1, 100, 1 },
        { "Broadcast", 24, 100, 1, 100, 1 },
        { "Strongest", 60, 100, 2, 100, 1 },
    };

    static readonly ParameterId[] Documents = [ParameterId.AttenuationLimit, ParameterId.PostFilter, ParameterId.Lookahead, ParameterId.DryWet, ParameterId.Model];

    static int PresetIndex(string name) => Array.FindIndex(FactoryPresets.All, p => p.Name == name);

    /// <summary>Values away from every preset's, Bypass and Stereo link included.</summary>
    static void SetOddValues(PercepNetProcessor processor)
    {
        processor.SetValue(ParameterId.AttenuationLimit, 33);
        processor.SetValue(ParameterId.PostFilter, 55);
        processor.SetValue(ParameterId.Lookahead, 0);
        processor.SetValue(ParameterId.DryWet, 70);
        processor.SetValue(ParameterId.Model, 0);
        processor.SetValue(ParameterId.Bypass, 1);
        processor.SetValue(ParameterId.StereoLink, 0);
    }

    static void AssertDocumented(Func<ParameterId, double> value, double limit, double postFilter, double lookahead, double dryWet, double model, string what)
    {
        double[] expected = [limit, postFilter, lookahead, dryWet, model];
        for (int i = 0; i < Documents.Length; i++)
            Assert.True(Math.Abs(value(Documents[i]) - expected[i]) < 1e-9, $"{what}: {Documents[i]} is {value(Documents[i])}, documented {expected[i]}");
        Assert.Equal(1, value(ParameterId.Bypass));       // left as it was
        Assert.Equal(0, value(ParameterId.StereoLink));   // left as it was
    }

    [Fact]
    public void The_list_is_the_engines_and_the_preset_parameter_names_it_in_order()
    {
        Assert.Equal(["Default", "Gentle", "Broadcast", "Strongest"], FactoryPresets.All.Select(p => p.Name));
        Assert.Equal(FactoryPresets.All.Select(p => p.Name), Parameters.Preset.Labels);
        Assert.Equal(FactoryPresets.All.Length - 1, Parameters.Preset.StepCount);
        Assert.Equal(-1, Parameters.IndexOf((uint)ParameterId.Preset));   // never in a state or a LADSPA port
        Assert.Same(Parameters.Preset, Parameters.FindAny((uint)ParameterId.Preset));
        Assert.Equal(0, FactoryPresetValues.Matching(Parameters.All.Select(p => p.Default).ToArray()));   // the defaults are "Default"
    }

    [Theory]
    [MemberData(nameof(Documented))]
    public void Loading_a_preset_on_the_main_thread_sets_its_documented_values(string name, double limit, double postFilter, double lookahead, double dryWet, double model)
    {
        // Inactive: applied at once.
        var idle = NewProcessor();
        SetOddValues(idle);
        Assert.True(idle.LoadPreset(PresetIndex(name)));
        AssertDocumented(idle.GetValue, limit, postFilter, lookahead, dryWet, model, $"{name}, inactive");

        // Active: posted whole; the main thread reads it back at once, the audio thread takes it at its next block.
        var active = NewProcessor();
        SetOddValues(active);
        Assert.True(active.Activate(48000, 1));
        Assert.True(active.LoadPreset(PresetIndex(name)));
        AssertDocumented(active.GetValue, limit, postFilter, lookahead, dryWet, model, $"{name}, posted");
        float[][] x = [NoisyVoice(0.05, seed: 3)];
        ProcessBlock(active, x, [new float[x[0].Length]], 0, x[0].Length, []);
        AssertDocumented(id => active.AudioValue(Index(id)), limit, postFilter, lookahead, dryWet, model, $"{name}, audio thread");
        // A lookahead the preset changes waits for a restart, as any lookahead change does.
        Assert.Equal(lookahead != 0, active.LookaheadChangePending);
    }

    [Theory]
    [MemberData(nameof(Documented))]
    public void A_program_change_in_a_block_applies_the_presets_values_at_its_sample(string name, double limit, double postFilter, double lookahead, double dryWet, double model)
    {
        var processor = NewProcessor();
        SetOddValues(processor);
        Assert.True(processor.Activate(48000, 1));
        var changes = new ParameterChangeList();
        changes.AddPreset(100, PresetIndex(name));
        Assert.Equal(Documents.Length, changes.Count);
        Assert.All(changes.Changes.ToArray(), c => Assert.Equal(100, c.SampleOffset));
        float[][] x = [NoisyVoice(0.05, seed: 4)];
        Assert.Equal(lookahead != 0 ? ProcessStatus.RestartNeeded : ProcessStatus.Continue,
            ProcessBlock(processor, x, [new float[x[0].Length]], 0, x[0].Length, changes.Changes));
        AssertDocumented(id => processor.AudioValue(Index(id)), limit, postFilter, lookahead, dryWet, model, name);

        changes.Clear();
        changes.AddPreset(0, FactoryPresets.All.Length);   // no such preset: nothing
        changes.AddPreset(0, -1);
        Assert.Equal(0, changes.Count);
    }

    [Fact]
    public void A_state_saved_after_a_preset_loads_with_its_values_and_holds_no_preset_entry()
    {
        var source = NewProcessor();
        SetOddValues(source);
        source.LoadPreset(PresetIndex("Broadcast"));
        byte[] saved = source.SaveState();
        Assert.Equal(PluginState.SizeFor(Parameters.Count), saved.Length);   // the parameters' values, as before presets

        var target = NewProcessor();
        Assert.True(target.LoadState(saved));
        for (int i = 0; i < Parameters.Count; i++) Assert.Equal(source.GetValue(i), target.GetValue(i));
        Assert.Equal(PresetIndex("Broadcast"), FactoryPresetValues.Matching(Parameters.All.Select((_, i) => target.GetValue(i)).ToArray()));
        Assert.False(target.LoadPreset(FactoryPresets.All.Length));
    }

    [Fact]
    public void Presets_chosen_in_blocks_allocate_nothing_on_the_audio_thread()
    {
        // Best of three, as the other allocation tests: the runtime may allocate once on a long loop, code that
        // allocates per block does in every pass.
        long least = long.MaxValue;
        for (int attempt = 0; attempt < 3 && least != 0; attempt++) least = Math.Min(least, AllocatedOverAStream());
        Assert.Equal(0, least);
    }

    static unsafe long AllocatedOverAStream()
    {
        float[] x = NoisyVoice(1.0, seed: 12);
        float[] y = new float[x.Length];
        var processor = NewProcessor();
        Assert.True(processor.Activate(48000, 1));
        var list = new ParameterChangeList();
        ProcessBlock(processor, [x], [y], 0, 4096, list.Changes);   // warm-up
        long allocated = 0;
        fixed (float* input = x, output = y)
        {
            for (int start = 4096, b = 0; start + 1024 <= x.Length; start += 1024, b++)
            {
                float* i = input + start, o = output + start;
                var block = new AudioBlock(&i, 1, &o, 1, 1024, 0, 0);
                long before = GC.GetAllocatedBytesForCurrentThread();
                list.Clear();
                if (b % 4 == 1) list.AddPreset(300, (b / 4) % FactoryPresets.All.Length);
                processor.Process(block, list.Changes);
                allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            }
        }
        return allocated;
    }
}
