using System.Runtime.InteropServices;
using PercepNet.HostTest.Hosting;

namespace PercepNet.HostTest.Rendering;

public sealed record RenderSettings(
    BlockSizeSequence Blocks,
    IReadOnlyList<AutomationLane>? Automation = null,
    bool InPlace = false);

/// Output of an offline render. `Aligned` is the output advanced by the latency the plugin
/// reported at activation (what a DAW's delay compensation does), same length as the input;
/// `Raw` is what the plugin wrote, input length + latency frames.
public sealed record RenderResult(float[][] Aligned, float[][] Raw, int Latency, int SampleRate, long ProcessCalls,
    bool InputBuffersModified);

/// Drives a plugin over a whole signal the way a host's offline bounce does: blocks of the
/// requested sizes, automation points delivered at their sample offsets, then `latency` extra
/// frames of silence so the delayed tail comes out.
public static unsafe class Renderer
{
    public static RenderResult Render(IHostedPlugin plugin, PlanarAudio input, RenderSettings settings)
    {
        if (!plugin.IsActive) plugin.Activate(input.SampleRate, settings.Blocks.MaxBlock);
        int latency = plugin.LatencySamples;
        int channels = plugin.Channels;
        int fileChannels = input.Channels.Length;
        int total = input.Frames + latency;
        int maxBlock = settings.Blocks.MaxBlock;

        var raw = new float[fileChannels][];
        for (int c = 0; c < fileChannels; c++) raw[c] = new float[total];
        List<(long Sample, ParameterChange Change)> points = ResolveAutomation(plugin, settings.Automation);

        using var buffers = new ChannelBuffers(channels, maxBlock, settings.InPlace);
        var changes = new List<ParameterChange>();
        var inputCopy = new float[channels][];
        for (int c = 0; c < channels; c++) inputCopy[c] = new float[maxBlock];
        bool inputModified = false;
        long calls = 0;
        int nextPoint = 0;
        int position = 0;
        while (position < total)
        {
            int frames = Math.Min(settings.Blocks.Next(), total - position);
            for (int c = 0; c < channels; c++)
            {
                Span<float> block = buffers.Input(c, frames);
                float[] source = input.Channels[Math.Min(c, fileChannels - 1)];
                for (int i = 0; i < frames; i++)
                {
                    int at = position + i;
                    block[i] = at < input.Frames ? source[at] : 0f;
                }
                if (!settings.InPlace) buffers.Output(c, frames).Fill(float.NaN); // must be overwritten
            }
            changes.Clear();
            while (nextPoint < points.Count && points[nextPoint].Sample < position + frames && frames > 0)
            {
                changes.Add(points[nextPoint].Change with { SampleOffset = (int)Math.Max(0, points[nextPoint].Sample - position) });
                nextPoint++;
            }
            if (!settings.InPlace)
                for (int c = 0; c < channels; c++) buffers.Input(c, frames).CopyTo(inputCopy[c]);
            plugin.Process(buffers.InputPointers, buffers.OutputPointers, frames, CollectionsMarshal.AsSpan(changes));
            calls++;
            if (!settings.InPlace)
                for (int c = 0; c < channels; c++)
                    inputModified |= !buffers.Input(c, frames).SequenceEqual(inputCopy[c].AsSpan(0, frames));
            for (int c = 0; c < fileChannels; c++)
                buffers.Output(Math.Min(c, channels - 1), frames).CopyTo(raw[c].AsSpan(position, frames));
            position += frames;
        }

        var aligned = new float[fileChannels][];
        for (int c = 0; c < fileChannels; c++) aligned[c] = raw[c].AsSpan(latency, input.Frames).ToArray();
        return new RenderResult(aligned, raw, latency, input.SampleRate, calls, inputModified);
    }

    static List<(long, ParameterChange)> ResolveAutomation(IHostedPlugin plugin, IReadOnlyList<AutomationLane>? lanes)
    {
        var points = new List<(long Sample, ParameterChange Change)>();
        if (lanes == null) return points;
        foreach (AutomationLane lane in lanes)
        {
            ParameterInfo parameter = ParameterLookup.Find(plugin.Parameters, lane.ParameterName);
            foreach (var (sample, value) in lane.Points) points.Add((sample, new ParameterChange(0, parameter.Id, value)));
        }
        // Stable sort: two lanes at the same sample keep their file order.
        return points.Select((p, i) => (p, i)).OrderBy(x => x.p.Sample).ThenBy(x => x.i).Select(x => x.p).ToList();
    }
}
