using PercepNet.Engine.Processing;

namespace PercepNet.Tests.Processing;

public class HostRateAdapterTests
{
    public static TheoryData<double> HostRates => new() { 1000, 8000, 11025, 16000, 22050, 32000, 44100, 44100.5, 48000, 88200, 96000, 192000, 384000, 768000, 12345 };

    [Theory]
    [MemberData(nameof(HostRates))]
    public void A_sine_comes_out_delayed_by_exactly_the_reported_latency(double hostRate)
    {
        var adapter = new HostRateAdapter(hostRate, UnitGainHops.Delay(960), ChannelProcessor.ChunkFrames);
        double frequency = 0.2 * Math.Min(hostRate, 48000);          // well inside the passband
        int count = (int)(hostRate * 0.2) + 2000;           // low rates: room for the filters' start-up
        var input = Sine(frequency, hostRate, count);
        var output = new float[count];
        adapter.Process(input, output);

        int lat = adapter.LatencySamples;
        double exact = SnrDb(output, input, lat);
        double offByOne = SnrDb(output, input, lat + 1);

        Assert.True(exact > 80, $"{hostRate} Hz: latency {lat}, SNR {exact:F1} dB");
        Assert.True(offByOne < exact - 20, $"{hostRate} Hz: a 1-sample error must show ({offByOne:F1} dB)");
    }

    [Theory]
    [InlineData(44100)]
    [InlineData(96000)]
    [InlineData(22050)]
    [InlineData(48000)]
    public void An_impulse_peaks_at_exactly_the_reported_latency(double hostRate)
    {
        var adapter = new HostRateAdapter(hostRate, UnitGainHops.Delay(1440), ChannelProcessor.ChunkFrames);
        var input = new float[adapter.LatencySamples + 4000];
        input[500] = 1;
        var output = new float[input.Length];
        adapter.Process(input, output);

        int peak = 0;
        for (int i = 1; i < output.Length; i++) if (Math.Abs(output[i]) > Math.Abs(output[peak])) peak = i;

        Assert.Equal(500 + adapter.LatencySamples, peak);
        // The chain band-limits to 0.95 × the lower Nyquist, so a unit impulse peaks at about that fraction.
        double bandFraction = 0.95 * Math.Min(hostRate, 48000) / hostRate;
        Assert.InRange(output[peak], 0.9 * bandFraction, 1.1 * bandFraction);
    }

    [Theory]
    [InlineData(44100, 960)]
    [InlineData(44100, 1920)]
    [InlineData(96000, 1440)]
    [InlineData(48000, 960)]
    public void Latency_is_the_sum_of_the_delays_rounded_up_to_a_host_sample(double hostRate, int stageLatency)
    {
        var adapter = new HostRateAdapter(hostRate, UnitGainHops.Delay(stageLatency), ChannelProcessor.ChunkFrames);
        double stageInHost = stageLatency * hostRate / 48000;
        Assert.InRange(adapter.LatencySamples, stageInHost, stageInHost + 2 * 75 * Math.Max(1, hostRate / 48000) + 1);
        if (hostRate == 48000) Assert.Equal(stageLatency, adapter.LatencySamples);
        Assert.Equal(adapter.LatencySamples, adapter.LatencyFor(stageLatency));
    }

    [Theory]
    [InlineData(44100)]
    [InlineData(1000)]
    [InlineData(192000)]
    public void Block_size_never_changes_the_output(double hostRate)
    {
        var random = new Random(1);
        var input = new float[(int)(hostRate * 0.3)];
        for (int i = 0; i < input.Length; i++) input[i] = (float)(random.NextDouble() - 0.5);
        var whole = new float[input.Length];
        new HostRateAdapter(hostRate, UnitGainHops.Delay(960), ChannelProcessor.ChunkFrames).Process(input, whole);

        foreach (int block in new[] { 1, 17, 480, 512, 4096, 65536, -1 })
        {
            var adapter = new HostRateAdapter(hostRate, UnitGainHops.Delay(960), ChannelProcessor.ChunkFrames);
            var output = new float[input.Length];
            for (int done = 0; done < input.Length;)
            {
                // -1: random sizes, one call in eight empty
                int size = block > 0 ? block : random.Next(8) == 0 ? 0 : random.Next(1, 5000);
                int n = Math.Min(size, input.Length - done);
                adapter.Process(input.AsSpan(done, n), output.AsSpan(done, n));
                done += n;
            }
            Assert.Equal(whole, output);
        }
    }

    [Fact]
    public void Works_in_place()
    {
        var input = Sine(1000, 44100, 20000);
        var expected = new float[input.Length];
        new HostRateAdapter(44100, UnitGainHops.Delay(960), ChannelProcessor.ChunkFrames).Process(input, expected);
        var buffer = (float[])input.Clone();
        var adapter = new HostRateAdapter(44100, UnitGainHops.Delay(960), ChannelProcessor.ChunkFrames);
        for (int done = 0; done < buffer.Length; done += 333)
        {
            var span = buffer.AsSpan(done, Math.Min(333, buffer.Length - done));
            adapter.Process(span, span);
        }
        Assert.Equal(expected, buffer);
    }

    [Fact]
    public void Process_allocates_nothing()
    {
        var adapter = new HostRateAdapter(44100, UnitGainHops.Delay(960), ChannelProcessor.ChunkFrames);
        var input = Sine(440, 44100, 65536);
        var output = new float[input.Length];
        var random = new Random(2);
        adapter.Process(input, output);
        AllocationAssert.Zero(() =>
        {
            for (int i = 0; i < 300; i++)
            {
                int n = random.Next(0, 6000);
                adapter.Process(input.AsSpan(0, n), output.AsSpan(0, n));
            }
        }, "HostRateAdapter.Process");
    }

    internal static float[] Sine(double frequency, double rate, int count)
    {
        var x = new float[count];
        for (int n = 0; n < count; n++) x[n] = (float)(0.5 * Math.Sin(2 * Math.PI * frequency * n / rate));
        return x;
    }

    /// <summary>SNR of output against input delayed by <paramref name="delay"/>, over the second half (transients gone).</summary>
    internal static double SnrDb(float[] output, float[] input, int delay)
    {
        double signal = 0, error = 0;
        for (int n = Math.Max(output.Length / 2, delay); n < output.Length; n++)
        {
            double expected = input[n - delay];
            signal += expected * expected;
            error += (output[n] - expected) * (output[n] - expected);
        }
        return 10 * Math.Log10(signal / Math.Max(error, 1e-300));
    }
}
