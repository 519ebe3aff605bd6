using PercepNet.HostTest.Hosting;
using PercepNet.HostTest.Rendering;

namespace PercepNet.HostTests;

public class StressTests
{
    /// 10,000 process calls of random sizes (0..4096) with random parameter events and bursts of
    /// NaN/Inf input: never a crash, never NaN/Inf/subnormal output, and the plugin recovers
    /// (docs/DESIGN.md §6: a bad hop becomes silence, then the engine goes on).
    [Theory]
    [MemberData(nameof(PluginBinaries.AllFormats), MemberType = typeof(PluginBinaries))]
    public unsafe void Ten_thousand_random_calls_with_nan_bursts_leave_no_nan(PluginFormat format)
    {
        const int maxBlock = 4096;
        using IHostedPlugin plugin = PluginBinaries.Open(format);
        plugin.Activate(48000, maxBlock);
        float[] speech = SpeechLikeSignal.Generate(48000, 3);
        var automatable = plugin.Parameters.Where(p => !p.IsReadOnly && !ParameterInfo.Key(p.Name).Contains("lookahead")).ToList();
        var random = new Random(1234);
        using var buffers = new ChannelBuffers(plugin.Channels, maxBlock, inPlace: false);
        var changes = new List<ParameterChange>();
        int position = 0, burstLeft = 0;
        for (int call = 0; call < 10_000; call++)
        {
            int frames = random.Next(10) == 0 ? random.Next(maxBlock + 1) : random.Next(200);
            if (burstLeft == 0 && random.Next(300) == 0) burstLeft = random.Next(1, 5);
            bool burst = burstLeft > 0;
            if (burst) burstLeft--;
            for (int c = 0; c < plugin.Channels; c++)
            {
                Span<float> block = buffers.Input(c, frames);
                for (int i = 0; i < frames; i++)
                    block[i] = burst && i % 7 == 0 ? (i % 2 == 0 ? float.NaN : float.PositiveInfinity) : speech[(position + i) % speech.Length];
            }
            changes.Clear();
            if (frames > 0 && automatable.Count > 0)
                for (int e = random.Next(3); e > 0; e--)
                {
                    ParameterInfo p = automatable[random.Next(automatable.Count)];
                    changes.Add(new ParameterChange(random.Next(frames), p.Id, p.Min + random.NextDouble() * (p.Max - p.Min)));
                }
            changes.Sort((a, b) => a.SampleOffset.CompareTo(b.SampleOffset));
            plugin.Process(buffers.InputPointers, buffers.OutputPointers, frames, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(changes));
            for (int c = 0; c < plugin.Channels; c++)
                foreach (float v in buffers.Output(c, frames))
                    Assert.True(float.IsFinite(v) && !float.IsSubnormal(v), $"{format}: call {call} output {v}");
            position += frames;
        }

        // Recovery: after the last burst, clean speech comes out non-silent again.
        for (int c = 0; c < plugin.Channels; c++) speech.AsSpan(0, maxBlock).CopyTo(buffers.Input(c, maxBlock));
        plugin.Process(buffers.InputPointers, buffers.OutputPointers, maxBlock, []);
        plugin.Process(buffers.InputPointers, buffers.OutputPointers, maxBlock, []);
        Assert.True(AudioAssert.Rms(buffers.Output(0, maxBlock)) > 1e-4, $"{format}: silent after NaN bursts, never recovered");
    }
}
