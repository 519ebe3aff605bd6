using PercepNet.Engine;
using PercepNet.Engine.Dsp;

namespace PercepNet.Tests.Dsp;

/// <summary>The meter on its own: what a reading means, how fast it follows the gains, its statistics.</summary>
public class GainReductionMeterTests
{
    const double HopsPerSecond = 100;

    static readonly float[] Energy = Enumerable.Repeat(1f, ErbBands.Count).ToArray();

    static float[] Gains(float db) => Enumerable.Repeat(MathF.Pow(10, -db / 20), ErbBands.Count).ToArray();

    [Fact]
    public void Reads_the_energy_drop_in_the_speech_band_and_0_dB_on_silence()
    {
        var meter = new GainReductionMeter(new ErbBands(), HopsPerSecond);
        for (int i = 0; i < 50; i++) meter.Update(Gains(24), Energy);
        Assert.Equal(24, meter.Db, 0.01);

        // Bands outside 200 Hz … 5 kHz do not count: attenuating only them reads nothing.
        var bands = new ErbBands();
        var outside = Gains(0);
        for (int b = 0; b < ErbBands.Count; b++)
            if (bands.Edges[b] * 50.0 is < GainReductionMeter.SpeechLowHz or > GainReductionMeter.SpeechHighHz) outside[b] = 0.001f;
        var other = new GainReductionMeter(bands, HopsPerSecond);
        for (int i = 0; i < 50; i++) other.Update(outside, Energy);
        Assert.Equal(0, other.Db, 0.01);

        for (int i = 0; i < 50; i++) meter.Update(Gains(24), new float[ErbBands.Count]);
        Assert.Equal(0, meter.Db, 0.01);
    }

    [Theory]
    [InlineData(0f, 30f)]
    [InlineData(30f, 0f)]
    public void Covers_nine_tenths_of_a_step_within_50_ms_either_way(float from, float to)
    {
        var meter = new GainReductionMeter(new ErbBands(), HopsPerSecond);
        for (int i = 0; i < 100; i++) meter.Update(Gains(from), Energy);
        for (int i = 0; i < 5; i++) meter.Update(Gains(to), Energy);   // 5 hops of 10 ms
        Assert.True(Math.Abs(meter.Db - to) <= 0.1 * Math.Abs(to - from), $"{from} → {to} dB: {meter.Db:F2} dB after 50 ms");
    }

    /// <summary>No attack smoothing: a higher reduction shows in the hop it is applied (the gains already come one
    /// lookahead frame and one hop of buffering after the input), a lower one falls with the 20 ms release.</summary>
    [Fact]
    public void Rises_in_the_hop_the_reduction_rises_and_falls_with_its_release()
    {
        var meter = new GainReductionMeter(new ErbBands(), HopsPerSecond);
        for (int i = 0; i < 100; i++) meter.Update(Gains(5), Energy);
        meter.Update(Gains(30), Energy);
        Assert.Equal(30, meter.Db, 0.01);
        meter.Update(Gains(10), Energy);
        double release = 1 - Math.Exp(-1 / (GainReductionMeter.ReleaseSeconds * HopsPerSecond));
        Assert.Equal(30 - release * 20, meter.Db, 0.01);
    }

    [Fact]
    public void Statistics_count_the_hops_with_sound()
    {
        var meter = new GainReductionMeter(new ErbBands(), HopsPerSecond);
        for (int i = 0; i < 100; i++) meter.Update(Gains(20), Energy);
        for (int i = 0; i < 100; i++) meter.Update(Gains(20), new float[ErbBands.Count]);   // silence: not counted
        Assert.Equal(100, meter.Count);
        var histogram = new long[GainReductionMeter.HistogramLength];
        meter.AddHistogramTo(histogram);
        Assert.Equal(20, GainReductionMeter.Percentile(histogram, 0.95), 0.05);
        Assert.InRange(meter.Mean, 18, 20);   // the first hops climb from 0
        var gains = Gains(20);
        AllocationAssert.Zero(() => { for (int i = 0; i < 100; i++) meter.Update(gains, Energy); }, "Update");
    }
}
