using PercepNet.HostTest.Hosting;
using PercepNet.HostTest.Rendering;
using PercepNet.HostTest.Vst3;

namespace PercepNet.HostTests;

/// The harness's own pieces, checked without a plugin, so a plugin failure is never a harness bug.
public class HarnessSelfTests
{
    [Fact]
    public void Random_block_sequence_covers_empty_single_and_maximum_blocks_and_is_reproducible()
    {
        var a = BlockSizeSequence.Random(seed: 4, maxBlock: 4096);
        var sizes = Enumerable.Range(0, 2000).Select(_ => a.Next()).ToList();
        Assert.Contains(0, sizes);
        Assert.Contains(1, sizes);
        Assert.Contains(4096, sizes);
        Assert.All(sizes, s => Assert.InRange(s, 0, 4096));
        var b = BlockSizeSequence.Random(seed: 4, maxBlock: 4096);
        Assert.Equal(sizes, Enumerable.Range(0, 2000).Select(_ => b.Next()));
    }

    [Fact]
    public void Automation_file_is_parsed_into_sorted_sample_positions()
    {
        string path = Path.GetTempFileName();
        File.WriteAllText(path, "# strength ramp\n0.5 20\n\n0 100\n1.25e0 0\n");
        var lane = AutomationLane.Load("strength", path, 48000);
        Assert.Equal([(0L, 100.0), (24000L, 20.0), (60000L, 0.0)], lane.Points);
        File.WriteAllText(path, "0.5\n");
        Assert.Throws<FormatException>(() => AutomationLane.Load("strength", path, 48000));
    }

    [Fact]
    public void Parameter_lookup_accepts_names_parts_of_names_and_ids_but_not_ambiguity()
    {
        ParameterInfo P(uint id, string name) => new(id, name, 0, 1, 0, false, false, false);
        var list = new[] { P(1, "Suppression strength"), P(2, "Post-filter amount"), P(4, "Dry/wet mix"), P(5, "Bypass") };
        Assert.Equal(1u, ParameterLookup.Find(list, "strength").Id);
        Assert.Equal(2u, ParameterLookup.Find(list, "post_filter").Id);
        Assert.Equal(4u, ParameterLookup.Find(list, "dry/wet").Id);
        Assert.Equal(5u, ParameterLookup.Find(list, "5").Id);
        Assert.Null(ParameterLookup.TryFind(list, "s"));
        Assert.Throws<ArgumentException>(() => ParameterLookup.Find(list, "volume"));
    }

    [Fact]
    public void Wav_files_round_trip_as_float_and_resample_keeps_a_tone()
    {
        var audio = new PlanarAudio([SpeechLikeSignal.Generate(44100, 0.5), SpeechLikeSignal.Generate(44100, 0.5, seed: 3)], 44100);
        string path = Path.Combine(Path.GetTempPath(), $"host-selftest-{Environment.ProcessId}.wav");
        audio.Write(path);
        PlanarAudio back = PlanarAudio.Read(path);
        Assert.Equal(44100, back.SampleRate);
        AudioAssert.Close(audio.Channels, back.Channels, 1e-9f, "float WAV round trip");

        PlanarAudio tone = TestSignals.Sine(1000, 0.5, 44100, 1.0);
        PlanarAudio resampled = tone.Resample(48000);
        Assert.Equal(48000, resampled.SampleRate);
        Assert.InRange(resampled.Frames, 47900, 48100);
        Assert.InRange(AudioAssert.Rms(resampled.Channels[0].AsSpan(2000, 40000)), 0.34, 0.37);
    }

    [Fact]
    public void Vst3_interface_ids_use_the_non_com_byte_order()
    {
        // funknown.h, !COM_COMPATIBLE: each 32-bit word is stored most significant byte first.
        Assert.Equal("0000000000000000C000000000000046", Vst3Iids.FUnknown.ToString());
        Assert.Equal("E831FF31F2D54301928EBBEE25697802", Vst3Iids.IComponent.ToString());
    }

    [Fact]
    public void Delay_measurement_finds_a_known_shift()
    {
        PlanarAudio clicks = TestSignals.Clicks();
        var delayed = new float[clicks.Frames + 777];
        clicks.Channels[0].CopyTo(delayed, 777);
        Assert.Equal(777, AudioAssert.DelayOf(clicks.Channels[0], delayed, 2000));
    }
}
