using PercepNet.Engine;
using PercepNet.Engine.Inference;
using PercepNet.Engine.Processing;
using PercepNet.Plugin.Core;
using static PercepNet.Plugin.Tests.TestAudio;

namespace PercepNet.Plugin.Tests;

/// The Model parameter switches networks on the audio thread through a cross-fade (ModelCrossfade).
public class ModelSwitchTests
{
    static ChannelProcessor Engine(PercepNetModel model) => new(new SpeechEnhancer(new NetworkGainSource(model), 1), 48000);

    [Fact]
    public void The_crossfade_plays_the_outgoing_engine_until_the_fade_and_the_incoming_one_after_it()
    {
        var light = SharedModel.Light ?? SharedModel.Full!;
        var full = SharedModel.Full!;
        float[] x = NoisyVoice(1.0, seed: 3);
        const int switchAt = 9600;

        // What each engine alone plays: the outgoing one from the start, the incoming one from the switch (fresh).
        var outgoingAlone = new float[x.Length];
        Engine(light).Process(x, outgoingAlone);
        var incomingAlone = new float[x.Length - switchAt];
        var incomingEngine = Engine(full);
        incomingEngine.Process(x.AsSpan(switchAt), incomingAlone);

        var outgoing = Engine(light);
        var crossfade = new ModelCrossfade(1, 4096, 48000);
        var y = new float[x.Length];
        outgoing.Process(x.AsSpan(0, switchAt), y.AsSpan(0, switchAt));
        crossfade.Begin([Engine(full)]);
        for (int at = switchAt; at < x.Length; at += 1000)
        {
            int n = Math.Min(1000, x.Length - at);
            crossfade.Process(0, outgoing, x.AsSpan(at, n), y.AsSpan(at, n));
        }
        Assert.True(crossfade.Done);

        int fadeStart = switchAt + incomingEngine.LatencySamples + (int)(ModelCrossfade.SettleSeconds * 48000);
        int fadeEnd = fadeStart + (int)(ModelCrossfade.FadeSeconds * 48000);
        Assert.Equal(outgoingAlone.AsSpan(0, fadeStart).ToArray(), y.AsSpan(0, fadeStart).ToArray());
        // After the fade the mix weight is 1: out + 1·(in − out) is the incoming sample up to float rounding.
        for (int i = fadeEnd; i < x.Length; i++)
            Assert.True(Math.Abs(incomingAlone[i - switchAt] - y[i]) <= 1e-6f, $"sample {i}: {y[i]} vs {incomingAlone[i - switchAt]}");
        // The two networks differ, so the switch is audible in the numbers, not a no-op.
        Assert.NotEqual(outgoingAlone.AsSpan(fadeEnd).ToArray(), y.AsSpan(fadeEnd).ToArray());
    }

    [Fact]
    public void Switching_the_model_mid_stream_leaves_no_gap()
    {
        Assert.NotNull(SharedModel.Light);   // models/percepnet-light.pnm is embedded in every build of this repository
        float[][] x = [NoisyVoice(1.5, seed: 4)];
        var steady = NewProcessor();
        Assert.True(steady.Activate(48000, 1));
        var reference = Render(steady, x, [512]);
        var switched = NewProcessor();
        Assert.True(switched.Activate(48000, 1));
        var y = Render(switched, x, [512], [(24_000, Index(ParameterId.Model), 0)]);

        Assert.Equal(reference[0].AsSpan(0, 24_000).ToArray(), y[0].AsSpan(0, 24_000).ToArray());
        // Every 10 ms where the steady output carries voice, the switched output carries it too.
        for (int at = 24_000; at + 480 <= x[0].Length; at += 480)
        {
            double expected = Rms(reference[0], at, 480);
            if (expected > 0.02) Assert.True(Rms(y[0], at, 480) > 0.3 * expected, $"gap at sample {at}");
        }
        Assert.NotEqual(reference[0].AsSpan(48_000).ToArray(), y[0].AsSpan(48_000).ToArray());
    }
}
