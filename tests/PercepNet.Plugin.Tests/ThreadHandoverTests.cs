using PercepNet.Plugin.Core;
using static PercepNet.Plugin.Tests.TestAudio;

namespace PercepNet.Plugin.Tests;

/// State loads and parameter changes arrive on the host's main thread while its audio thread processes: the audio
/// side must see each state whole, never reset in the middle of a stream, and never allocate.
public class ThreadHandoverTests
{
    const int Block = 256;
    static readonly float[][] Voice = [NoisyVoice(2.0, seed: 5), NoisyVoice(2.0, seed: 6)];

    static byte[] State(double strength, double postFilter, double lookahead, double dryWet, double bypass, double model)
    {
        var processor = NewProcessor();
        double[] values = [strength, postFilter, lookahead, dryWet, bypass, model];
        for (int i = 0; i < values.Length; i++) processor.SetValue(i, values[i]);
        return processor.SaveState();
    }

    /// Runs <paramref name="mainThread"/> on a second thread while this (audio) thread processes blocks of the voice,
    /// calling <paramref name="afterBlock"/> after each; returns the managed bytes the audio thread allocated in
    /// each of three rounds (the runtime may allocate on a long-running thread once, code that allocates per
    /// block does in every round).
    static unsafe long[] RunConcurrently(PercepNetProcessor processor, Action<CancellationToken> mainThread, Action afterBlock, int blocksPerRound)
    {
        var output = new[] { new float[Voice[0].Length], new float[Voice[1].Length] };
        var allocated = new long[3];
        fixed (float* left = Voice[0], right = Voice[1], outLeft = output[0], outRight = output[1])
        {
            float** inputs = stackalloc float*[2];
            float** outputs = stackalloc float*[2];
            inputs[0] = left; inputs[1] = right;
            outputs[0] = outLeft; outputs[1] = outRight;
            int position = 0;
            for (int i = 0; i < 50; i++) OneBlock(processor, inputs, outputs, ref position);   // warm up: every path compiled, the stream started

            using var stop = new CancellationTokenSource();
            var main = Task.Factory.StartNew(() => mainThread(stop.Token), TaskCreationOptions.LongRunning);
            try
            {
                for (int round = 0; round < allocated.Length; round++)
                {
                    long bytes = 0;
                    for (int b = 0; b < blocksPerRound; b++)
                    {
                        long before = GC.GetAllocatedBytesForCurrentThread();
                        OneBlock(processor, inputs, outputs, ref position);
                        bytes += GC.GetAllocatedBytesForCurrentThread() - before;
                        afterBlock();
                    }
                    allocated[round] = bytes;
                }
            }
            finally
            {
                stop.Cancel();
                main.Wait();
            }
        }
        Assert.All(output, channel => Assert.All(channel, x => Assert.True(float.IsFinite(x))));
        return allocated;
    }

    /// <summary>The audio thread's own work, as a shell does it: pointers into the host's buffers (the voice,
    /// looped), one call per block.</summary>
    static unsafe void OneBlock(PercepNetProcessor processor, float** inputs, float** outputs, ref int position)
    {
        float** inputsHere = stackalloc float*[2];
        float** outputsHere = stackalloc float*[2];
        for (int c = 0; c < 2; c++)
        {
            inputsHere[c] = inputs[c] + position;
            outputsHere[c] = outputs[c] + position;
        }
        processor.Process(new AudioBlock(inputsHere, 2, outputsHere, 2, Block), []);
        position = position + 2 * Block <= Voice[0].Length ? position + Block : 0;
    }

    [Fact]
    public void State_loads_during_processing_arrive_whole_without_a_reset_and_without_audio_side_allocation()
    {
        byte[] a = State(20, 90, 1, 100, 0, 1);
        byte[] b = State(85, 15, 1, 60, 1, 0);
        double[] valuesA = new double[Parameters.Count], valuesB = new double[Parameters.Count];
        Assert.True(PluginState.TryRead(a, valuesA));
        Assert.True(PluginState.TryRead(b, valuesB));

        var processor = NewProcessor();
        Assert.True(processor.LoadState(a));
        Assert.True(processor.Activate(48000, 2));
        int loads = 0, blocksSeen = 0, torn = 0, sawA = 0, sawB = 0;
        var seen = new double[Parameters.Count];
        int resetsAtStart = -1;

        long[] allocated = RunConcurrently(processor,
            token =>
            {
                for (int i = 0; !token.IsCancellationRequested; i++)
                {
                    Assert.True(processor.LoadState(i % 2 == 0 ? b : a));
                    Interlocked.Increment(ref loads);
                    Thread.SpinWait(200);
                }
            },
            () =>
            {
                if (resetsAtStart < 0) resetsAtStart = processor.StreamResets;
                for (int i = 0; i < seen.Length; i++) seen[i] = processor.AudioValue(i);
                bool isA = seen.AsSpan().SequenceEqual(valuesA), isB = seen.AsSpan().SequenceEqual(valuesB);
                if (!isA && !isB) torn++;
                if (isA) sawA++;
                if (isB) sawB++;
                blocksSeen++;
            },
            blocksPerRound: 300);

        Assert.Equal(0, torn);
        Assert.True(sawA > 0 && sawB > 0, $"both states reached the audio thread (A {sawA}, B {sawB} of {blocksSeen} blocks, {loads} loads)");
        Assert.Equal(resetsAtStart, processor.StreamResets);
        Assert.True(allocated.Min() == 0, $"the audio thread allocated {string.Join(", ", allocated)} bytes per round");
    }

    [Fact]
    public void Main_thread_parameter_changes_reach_the_audio_thread_in_order_and_the_last_one_wins()
    {
        var processor = NewProcessor();
        int dryWet = Index(ParameterId.DryWet);
        processor.SetValue(dryWet, 0);   // where the ramp starts
        Assert.True(processor.Activate(48000, 2));
        double lastSeen = -1;
        int backwards = 0;
        const int Steps = 20_000;
        int posted = 0;

        long[] allocated = RunConcurrently(processor,
            token =>
            {
                // A slow ramp 0 → 100 % in steps: the audio side must never see it go back.
                for (int i = 0; i <= Steps && !token.IsCancellationRequested; i++)
                {
                    processor.SetValue(dryWet, 100.0 * i / Steps);
                    posted = i;
                    if (i % 64 == 0) Thread.Yield();
                }
            },
            () =>
            {
                double value = processor.AudioValue(dryWet);
                if (value < lastSeen) backwards++;
                lastSeen = value;
            },
            blocksPerRound: 200);

        Assert.Equal(0, backwards);
        Assert.True(lastSeen > 0, "changes reached the audio thread");
        // Every posted value is either taken or still waiting: the main thread's view is the last posted one.
        Assert.Equal(100.0 * posted / Steps, processor.GetValue(dryWet), 9);
        Assert.True(allocated.Min() == 0, $"the audio thread allocated {string.Join(", ", allocated)} bytes per round");
    }
}
