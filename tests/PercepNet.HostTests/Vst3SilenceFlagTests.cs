using PercepNet.HostTest.Hosting;
using PercepNet.HostTest.Rendering;
using PercepNet.HostTest.Vst3;

namespace PercepNet.HostTests;

/// VST3 silence flags: a flagged input channel reads as zeros, and the plugin flags an output
/// channel only when every sample it wrote is zero (a false flag lets hosts drop real audio).
public class Vst3SilenceFlagTests
{
    [Fact]
    public unsafe void Output_flags_are_set_only_for_all_zero_output_and_input_flags_mean_silence()
    {
        using var plugin = (Vst3PluginInstance)PluginBinaries.Open(PluginFormat.Vst3);
        const int block = 480;
        plugin.Activate(48000, block);
        float[] speech = SpeechLikeSignal.Generate(48000, 1.0);
        using var buffers = new ChannelBuffers(plugin.Channels, block, inPlace: false);
        int flaggedWhileSounding = 0, flaggedSilentBlocks = 0;

        for (int call = 0; call < 100; call++)
        {
            // First 50 blocks: speech. Then: garbage in the buffer but the silence flag set, so
            // the plugin must treat the input as zeros and, once its latency has drained, be silent.
            bool silent = call >= 50;
            plugin.InputSilenceFlags = silent ? 1UL : 0UL;
            Span<float> input = buffers.Input(0, block);
            for (int i = 0; i < block; i++) input[i] = silent ? 0.5f : speech[(call * block + i) % speech.Length];
            plugin.Process(buffers.InputPointers, buffers.OutputPointers, block, []);
            bool allZero = !buffers.Output(0, block).ContainsAnyExcept(0f);
            bool flagged = (plugin.LastOutputSilenceFlags & 1) != 0;
            if (flagged && !allZero) flaggedWhileSounding++;
            if (call >= 50 + 1 + plugin.LatencySamples / block + 1)
            {
                Assert.True(allZero, $"block {call}: input flagged silent but output is not silent (did the plugin read the buffer?)");
                if (flagged) flaggedSilentBlocks++;
            }
        }
        Assert.Equal(0, flaggedWhileSounding);
        Assert.True(flaggedSilentBlocks > 0, "the plugin never flags its silent output");
    }
}
