using PercepNet.Cli;
using PercepNet.Cli.Denoise;
using PercepNet.Cli.Files;

namespace PercepNet.Tests.Cli;

public class InterruptTests
{
    /// <summary>Cancels (as Ctrl+C does) once it has processed some audio.</summary>
    private sealed class CancelAfter(IChannelEnhancer inner, CancellationTokenSource cancel, int samples) : IChannelEnhancer
    {
        private int _seen;

        public int LatencySamples => inner.LatencySamples;

        public void Process(ReadOnlySpan<float> input, Span<float> output)
        {
            inner.Process(input, output);
            if ((_seen += input.Length) >= samples) cancel.Cancel();
        }
    }

    [Fact]
    public void Ctrl_c_mid_batch_keeps_finished_outputs_removes_the_partial_one_and_a_rerun_completes()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("in"));
        var format = new PercepNet.Cli.Audio.AudioFormat(48000, 1, PercepNet.Cli.Audio.SampleEncoding.Pcm16);
        foreach (string name in new[] { "1.wav", "2.wav", "3.wav" })
            TestAudio.WriteWav(dir.File("in/" + name), TestAudio.QuantizedTo(TestAudio.Speechlike(48000, 1, 1.0), format.Encoding), format);

        using var cancel = new CancellationTokenSource();
        int file = 0;
        ChannelEnhancerFactory factory = rate =>
        {
            var plain = new DelayingGain(480, 0.5f);
            // The second file is interrupted half-way through.
            return Interlocked.Increment(ref file) == 2 ? new CancelAfter(plain, cancel, 24000) : plain;
        };
        var stderr = new StringWriter();
        int code = DenoiseCommand.Run(["--batch", dir.File("in"), dir.File("out"), "--jobs", "1", "--no-progress"],
            new StringWriter(), stderr, _ => factory, null, cancel.Token);

        Assert.Equal((int)ExitCode.Interrupted, code);
        Assert.Contains("interrupted", stderr.ToString());
        Assert.True(File.Exists(dir.File("out/1.wav")));
        Assert.False(File.Exists(dir.File("out/2.wav")));
        Assert.Empty(Directory.GetFiles(dir.File("out"), "*" + AtomicFileWriter.TempSuffix, SearchOption.AllDirectories));

        var rerun = new StringWriter();
        Assert.Equal(0, DenoiseCommand.Run(["--batch", dir.File("in"), dir.File("out"), "--no-progress"],
            new StringWriter(), rerun, _ => DelayingGain.Factory(0.5f), null, CancellationToken.None));
        Assert.Contains("2 done, 1 skipped", rerun.ToString());
    }
}
