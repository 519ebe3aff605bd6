using PercepNet.Cli.Audio;
using PercepNet.Engine.Dsp;

namespace PercepNet.Cli.Denoise;

/// <summary>
/// Runs one decoded stream through one enhancer per channel, in blocks, into a writer. Output is aligned sample-exactly
/// with the input and has its length: the first LatencySamples outputs are dropped and LatencySamples zeros are fed
/// after the last input sample to flush the tail. Memory is bounded by the block size, whatever the file length.
/// </summary>
public sealed class StreamDenoiser
{
    public const int BlockFrames = 4096;

    private readonly ChannelEnhancerFactory _createEnhancer;

    public StreamDenoiser(ChannelEnhancerFactory createEnhancer) => _createEnhancer = createEnhancer;

    /// <param name="progress">Called after each block with the number of input frames consumed so far.</param>
    /// <returns>Latency removed, clipped output samples and the noise-reduction estimate.</returns>
    public StreamDenoiseResult Run(IAudioReader reader, IAudioWriter writer, Action<long>? progress = null, CancellationToken cancel = default)
    {
        var format = reader.Format;
        int channels = format.Channels;
        var enhancers = new IChannelEnhancer[channels];
        for (int c = 0; c < channels; c++) enhancers[c] = _createEnhancer(format.SampleRate);
        int latency = enhancers[0].LatencySamples;
        if (enhancers.Any(e => e.LatencySamples != latency))
            throw new InvalidOperationException("channel enhancers disagree on latency");

        // Two channels may be linked (one set of gains for both): then the pair's decision sees both inputs first.
        var link = channels == 2 ? enhancers[0].LinkWith(enhancers[1]) : null;

        var interleaved = new float[BlockFrames * channels];
        var channelIn = new float[channels][];
        for (int c = 0; c < channels; c++) channelIn[c] = new float[BlockFrames];
        var channelOut = new float[channels][];
        for (int c = 0; c < channels; c++) channelOut[c] = new float[BlockFrames];
        var meter = new NoiseReductionMeter(format.SampleRate, channels);

        long framesRead = 0;
        long toDrop = latency;       // leading outputs that only hold the enhancer's delay
        long tailLeft = latency;     // zeros still to feed after the input ends
        bool inputDone = false;
        while (true)
        {
            cancel.ThrowIfCancellationRequested();
            int frames = 0;
            if (!inputDone)
            {
                try { frames = reader.Read(interleaved); }
                catch (IOException e) { throw new AudioFormatException($"read error: {e.Message}"); }
                if (frames == 0) inputDone = true;
                else
                {
                    framesRead += frames;
                    meter.AddInput(interleaved.AsSpan(0, frames * channels));
                }
            }
            if (inputDone)
            {
                if (tailLeft == 0) break;
                frames = (int)Math.Min(tailLeft, BlockFrames);
                tailLeft -= frames;
                Array.Clear(interleaved, 0, frames * channels);
            }

            for (int c = 0; c < channels; c++)
                for (int i = 0; i < frames; i++) channelIn[c][i] = interleaved[i * channels + c];
            link?.Feed(channelIn[0].AsSpan(0, frames), channelIn[1].AsSpan(0, frames));
            for (int c = 0; c < channels; c++)
                enhancers[c].Process(channelIn[c].AsSpan(0, frames), channelOut[c].AsSpan(0, frames));

            int skip = (int)Math.Min(toDrop, frames);
            toDrop -= skip;
            int keep = frames - skip;
            for (int c = 0; c < channels; c++)
            {
                var source = channelOut[c];
                for (int i = 0; i < keep; i++) interleaved[i * channels + c] = source[skip + i];
            }
            var block = interleaved.AsSpan(0, keep * channels);
            meter.AddOutput(block);
            writer.Write(block);
            progress?.Invoke(framesRead);
        }
        var (reductionMean, reductionP95) = GainReduction(enhancers);
        return new StreamDenoiseResult(framesRead, latency, writer.ClippedSamples, meter.EstimateDb(), reductionMean, reductionP95);
    }

    /// <summary>Mean and 95th percentile of the enhancers' gain-reduction meters over every channel's hops with sound;
    /// null when no enhancer has a meter or nothing had sound.</summary>
    static (double? Mean, double? P95) GainReduction(IChannelEnhancer[] enhancers)
    {
        var histogram = new long[GainReductionMeter.HistogramLength];
        double sum = 0;
        long count = 0;
        foreach (var meter in enhancers.Select(e => e.Meter).OfType<GainReductionMeter>())
        {
            meter.AddHistogramTo(histogram);
            sum += meter.Mean * meter.Count;
            count += meter.Count;
        }
        if (count == 0) return (null, null);
        return (sum / count, GainReductionMeter.Percentile(histogram, 0.95));
    }
}

/// <param name="GainReductionMeanDb">The plug-ins' gain-reduction meter averaged over the file's hops with sound.</param>
/// <param name="GainReductionP95Db">Its 95th percentile.</param>
public readonly record struct StreamDenoiseResult(long Frames, int LatencySamples, long ClippedSamples, double? NoiseReductionDb,
    double? GainReductionMeanDb = null, double? GainReductionP95Db = null);
