using PercepNet.Plugin.Core;
using static PercepNet.Plugin.Tests.TestAudio;

namespace PercepNet.Plugin.Tests;

/// <summary>
/// "Stereo link" (issue 21): on, one set of gains per hop for both channels, so a right channel that is the left at
/// −6 dB comes out as the left at −6 dB in every 10 ms frame, through ragged blocks, other rates and a model switch;
/// off, each channel is exactly a mono instance's render of it. Neither mode allocates on the audio thread or
/// changes the latency.
/// </summary>
public class StereoLinkTests
{
    static readonly float MinusSixDb = MathF.Pow(10f, -6f / 20f);
    static readonly int LinkIndex = Index(ParameterId.StereoLink);

    static float[][] LeftAndQuieterRight(double seconds, int seed, double rate)
    {
        var left = NoisyVoice(seconds, seed, rate);
        return [left, left.Select(s => s * MinusSixDb).ToArray()];
    }

    static PercepNetProcessor Active(double rate, int channels, bool linked)
    {
        var processor = NewProcessor();
        Assert.True(processor.SetValue(ParameterId.StereoLink, linked ? 1 : 0));
        Assert.True(processor.Activate(rate, channels));
        return processor;
    }

    /// <summary>The worst |right − left − (−6 dB)| over 10 ms frames above −120 dBFS, and how many frames counted.</summary>
    static (double WorstDb, int Frames) WorstImageShift(float[][] y, double rate)
    {
        int frame = (int)(rate / 100);
        double worst = 0;
        int counted = 0;
        for (int at = 0; at + frame <= y[0].Length; at += frame)
        {
            double l = Rms(y[0], at, frame), r = Rms(y[1], at, frame);
            if (l < 1e-6) continue;
            worst = Math.Max(worst, Math.Abs(20 * Math.Log10(r / l) + 6));
            counted++;
        }
        return (worst, counted);
    }

    [Fact]
    public void Stereo_link_is_on_by_default_and_off_for_states_saved_before_it()
    {
        Assert.Equal(1, Parameters.StereoLink.Default);
        Assert.Equal(0, Parameters.StereoLink.ValueWhenAbsentFromState);
        Assert.Equal(1, NewProcessor().GetValue(ParameterId.StereoLink));
    }

    [Theory]
    [InlineData(48000)]
    [InlineData(44100)]
    public void Linked_right_channel_stays_the_left_at_minus_6_dB_in_every_10_ms_frame(double rate)
    {
        var x = LeftAndQuieterRight(2.0, seed: 3, rate);
        var y = Render(Active(rate, 2, linked: true), x, [1, 479, 13, 960, 2048, 7, 4096]);
        var (worst, frames) = WorstImageShift(y, rate);
        Assert.True(frames > 150, $"only {frames} frames with sound");
        Assert.True(worst <= 0.1, $"right − left strays {worst:F3} dB from −6 dB");

        // Unlinked, the quieter channel gets its own (different) gains: the same check fails, so it measures the link.
        var (unlinkedWorst, _) = WorstImageShift(Render(Active(rate, 2, linked: false), x, [1024]), rate);
        Assert.True(unlinkedWorst > 0.5, $"unlinked channels kept the image within {unlinkedWorst:F3} dB: the check would not notice a broken link");
    }

    [Fact]
    public void Unlinked_channels_each_equal_a_mono_render_of_that_channel()
    {
        float[][] x = [NoisyVoice(1.5, seed: 5), NoisyVoice(1.5, seed: 6)];
        var stereo = Render(Active(48000, 2, linked: false), x, [1, 479, 13, 960, 2048, 7]);
        for (int c = 0; c < 2; c++)
        {
            var mono = Render(Active(48000, 1, linked: true), [x[c]], [512]);   // mono ignores the link
            Assert.Equal(mono[0], stereo[c]);
        }
    }

    [Fact]
    public void The_image_holds_through_a_model_switch_and_link_toggles_keep_the_latency()
    {
        var x = LeftAndQuieterRight(2.0, seed: 7, 48000);
        var processor = Active(48000, 2, linked: true);
        int latency = processor.LatencySamples;
        var y = Render(processor, x, [512], [(24_000, Index(ParameterId.Model), 0)]);   // Light → Full, fading
        var (worst, _) = WorstImageShift(y, 48000);
        Assert.True(worst <= 0.1, $"right − left strays {worst:F3} dB from −6 dB across the model switch");

        var list = new ParameterChangeList();
        list.Add(100, LinkIndex, 0);
        list.Add(300, LinkIndex, 1);
        var output = new[] { new float[512], new float[512] };
        Assert.Equal(ProcessStatus.Continue, ProcessBlock(processor, [x[0][..512], x[1][..512]], output, 0, 512, list.Changes));
        Assert.Equal(latency, processor.LatencySamples);
        Assert.Equal(latency, Active(48000, 2, linked: false).LatencySamples);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Neither_mode_allocates_on_the_audio_thread(bool linked)
    {
        // The runtime itself now and then allocates a few KB on a thread running a long loop (see PercepNet.Tests'
        // AllocationAssert), so the best of three passes must be 0: code that allocates per block fails every pass.
        long least = long.MaxValue;
        for (int attempt = 0; attempt < 3 && least != 0; attempt++) least = Math.Min(least, AllocatedOverAStream(linked));
        Assert.Equal(0, least);
    }

    /// <summary>Bytes allocated by the block calls of one stream with a model switch and two link toggles in it.</summary>
    static long AllocatedOverAStream(bool linked)
    {
        float[][] x = [NoisyVoice(1.0, seed: 8, 44100), NoisyVoice(1.0, seed: 9, 44100)];
        var processor = Active(44100, 2, linked);
        var output = new[] { new float[x[0].Length], new float[x[0].Length] };
        var list = new ParameterChangeList();
        ProcessBlock(processor, x, output, 0, 4096, list.Changes);   // warm-up: JIT, first-call paths
        long allocated = 0;
        for (int start = 4096, b = 0; start + 1024 <= x[0].Length; start += 1024, b++)
        {
            list.Clear();
            if (b == 3) list.Add(10, Index(ParameterId.Model), 0);          // a model switch, cross-fading
            if (b == 6) list.Add(500, LinkIndex, linked ? 0 : 1);           // the link toggled mid-block
            if (b == 9) list.Add(0, LinkIndex, linked ? 1 : 0);
            allocated += MeasuredBlock(processor, x, output, start, 1024, list);
        }
        return allocated;
    }

    /// <summary>One stereo block through pinned arrays (no allocation of its own), returning what the call allocated.</summary>
    static unsafe long MeasuredBlock(PercepNetProcessor processor, float[][] x, float[][] y, int start, int frames, ParameterChangeList changes)
    {
        fixed (float* l = x[0], r = x[1], ol = y[0], or = y[1])
        {
            float** inputs = stackalloc float*[2];
            float** outputs = stackalloc float*[2];
            inputs[0] = l + start; inputs[1] = r + start;
            outputs[0] = ol + start; outputs[1] = or + start;
            var block = new AudioBlock(inputs, 2, outputs, 2, frames, 0, 0);
            long before = GC.GetAllocatedBytesForCurrentThread();
            processor.Process(block, changes.Changes);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
    }
}
