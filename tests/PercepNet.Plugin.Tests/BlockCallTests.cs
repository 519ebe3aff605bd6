using PercepNet.Plugin.Core;
using static PercepNet.Plugin.Tests.TestAudio;

namespace PercepNet.Plugin.Tests;

/// The block-level audio call every shell makes: how blocks fall, where changes land and what missing or constant
/// channels do must not depend on the format.
public class BlockCallTests
{
    static readonly float[][] Stereo = [NoisyVoice(1.0, seed: 1), NoisyVoice(1.0, seed: 2)];

    static PercepNetProcessor Active(int channels = 2, bool restartsForLatency = true)
    {
        var processor = NewProcessor(restartsForLatency: restartsForLatency);
        Assert.True(processor.Activate(48000, channels));
        return processor;
    }

    [Fact]
    public void Output_does_not_depend_on_how_the_host_cuts_blocks()
    {
        var whole = Render(Active(), Stereo, [4096]);
        var ragged = Render(Active(), Stereo, [1, 479, 13, 960, 2048, 7]);
        Assert.Equal(whole[0], ragged[0]);
        Assert.Equal(whole[1], ragged[1]);
        Assert.True(Rms(whole[0], 24000, 24000) > 0.01, "the processed voice is not silent");
    }

    [Fact]
    public void A_change_inside_a_block_lands_where_a_block_boundary_at_that_sample_would_put_it()
    {
        (long, int, double)[] changes = [(12_345, Index(ParameterId.AttenuationLimit), 12), (30_001, Index(ParameterId.DryWet), 50)];
        var inBlock = Render(Active(), Stereo, [48000], changes);
        var atBoundaries = Render(Active(), Stereo, [12_345, 30_001 - 12_345, 48000], changes);
        Assert.Equal(atBoundaries[0], inBlock[0]);
        var unchanged = Render(Active(), Stereo, [48000]);
        Assert.NotEqual(unchanged[0], inBlock[0]);
    }

    [Fact]
    public void Missing_constant_and_silent_inputs_play_as_their_values()
    {
        var reference = Render(Active(), [Stereo[0], new float[48000]], [1024]);

        // Right input missing (null pointer): the same as zeros.
        var missing = Active();
        var output = new[] { new float[48000], new float[48000] };
        for (int start = 0; start < 48000; start += 1024)
            ProcessBlockWithMissingRight(missing, Stereo[0], output, start, Math.Min(1024, 48000 - start));
        Assert.Equal(reference[0], output[0]);
        Assert.Equal(reference[1], output[1]);

        // Right input flagged silent (VST3) over garbage: the garbage is never heard.
        var silent = Active();
        var garbage = Enumerable.Repeat(0.5f, 48000).ToArray();
        var silentOut = new[] { new float[48000], new float[48000] };
        for (int start = 0; start < 48000; start += 1024)
            ProcessBlock(silent, [Stereo[0], garbage], silentOut, start, Math.Min(1024, 48000 - start), [], silent: 0b10);
        Assert.Equal(reference[1], silentOut[1]);

        // Right input flagged constant (CLAP) with a DC value in its first sample: equals that DC throughout.
        var dc = new float[48000];
        dc.AsSpan().Fill(0.25f);
        var dcReference = Render(Active(), [Stereo[0], dc], [1024]);
        var constant = Active();
        var constantIn = new float[48000];
        for (int i = 0; i < constantIn.Length; i += 1024) constantIn[i] = 0.25f;   // only each block's first sample
        var constantOut = new[] { new float[48000], new float[48000] };
        for (int start = 0; start < 48000; start += 1024)
            ProcessBlock(constant, [Stereo[0], constantIn], constantOut, start, Math.Min(1024, 48000 - start), [], constant: 0b10);
        Assert.Equal(dcReference[1], constantOut[1]);
    }

    static unsafe void ProcessBlockWithMissingRight(PercepNetProcessor processor, float[] left, float[][] output, int start, int frames)
    {
        fixed (float* l = left, o0 = output[0], o1 = output[1])
        {
            float** inputs = stackalloc float*[2];
            float** outputs = stackalloc float*[2];
            inputs[0] = l + start; inputs[1] = null;
            outputs[0] = o0 + start; outputs[1] = o1 + start;
            processor.Process(new AudioBlock(inputs, 2, outputs, 2, frames), []);
        }
    }

    [Fact]
    public void Outputs_past_the_running_channels_are_cleared_and_in_place_equals_out_of_place()
    {
        var mono = Active(channels: 1);
        var input = new[] { (float[])Stereo[0].Clone(), (float[])Stereo[1].Clone() };
        var output = new[] { new float[48000], Enumerable.Repeat(1f, 48000).ToArray() };
        ProcessBlock(mono, input, output, 0, 48000, []);
        Assert.All(output[1], x => Assert.Equal(0f, x));

        var inPlace = Active(channels: 1);
        var buffer = new[] { (float[])Stereo[0].Clone() };
        ProcessBlock(inPlace, buffer, buffer, 0, 48000, []);
        Assert.Equal(output[0], buffer[0]);
    }

    [Fact]
    public void A_lookahead_change_asks_for_a_restart_and_takes_effect_only_on_activation()
    {
        var processor = Active();
        int before = processor.LatencySamples;
        var output = new[] { new float[480], new float[480] };
        var status = ProcessBlock(processor, Stereo, output, 0, 480, [new ParameterChange(100, Index(ParameterId.Lookahead), 2)]);
        Assert.Equal(ProcessStatus.RestartNeeded, status);
        Assert.True(processor.LookaheadChangePending);
        Assert.Equal(before, processor.LatencySamples);
        Assert.Equal(ProcessStatus.Continue, ProcessBlock(processor, Stereo, output, 0, 480, []));
        Assert.True(processor.Activate(48000, 2));
        Assert.Equal(before + 480, processor.LatencySamples);   // one more 10 ms frame at 48 kHz
        Assert.False(processor.LookaheadChangePending);
    }

    [Fact]
    public void Without_restarts_a_lookahead_change_applies_at_once()
    {
        var processor = Active(restartsForLatency: false);
        int before = processor.LatencySamples;
        var status = ProcessBlock(processor, Stereo, [new float[480], new float[480]], 0, 480,
            [new ParameterChange(0, Index(ParameterId.Lookahead), 0)]);
        Assert.Equal(ProcessStatus.Continue, status);
        Assert.Equal(before - 480, processor.LatencySamples);
    }

    [Fact]
    public void Changes_while_inactive_or_without_frames_apply_at_once()
    {
        var processor = NewProcessor();
        processor.Process(AudioBlock.Empty, [new ParameterChange(0, Index(ParameterId.PostFilter), 40)]);
        Assert.Equal(40, processor.GetValue(ParameterId.PostFilter));
        Assert.True(processor.Activate(48000, 1));
        processor.Process(AudioBlock.Empty, [new ParameterChange(0, Index(ParameterId.AttenuationLimit), 33.3)]);
        Assert.Equal(33.3, processor.GetValue(ParameterId.AttenuationLimit));
    }

    [Fact]
    public void An_unsupported_rate_is_refused_into_the_log_and_never_onto_stderr()
    {
        var messages = new List<(LogSeverity, string)>();
        var processor = NewProcessor((severity, message) => messages.Add((severity, message)));
        var stderr = new StringWriter();
        var original = Console.Error;
        Console.SetError(stderr);
        try
        {
            Assert.False(PercepNetProcessor.SupportsSampleRate(1_234_567.8));
            Assert.False(processor.Activate(1_234_567.8, 2));
        }
        finally
        {
            Console.SetError(original);
        }
        Assert.False(processor.IsActive);
        Assert.Equal("", stderr.ToString());
        var (severity, text) = Assert.Single(messages);
        Assert.Equal(LogSeverity.Error, severity);
        Assert.Contains("1234567.8 Hz", text);
        Assert.True(processor.Activate(44100, 2));
    }
}
