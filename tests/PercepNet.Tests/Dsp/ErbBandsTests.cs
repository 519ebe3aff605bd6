using PercepNet.Engine.Dsp;

namespace PercepNet.Tests.Dsp;

public class ErbBandsTests
{
    private readonly ErbBands _bands = new();

    [Fact]
    public void WeightsFormAPartitionOfUnity()
    {
        for (int k = 0; k < _bands.BinCount; k++)
        {
            float sum = 0;
            for (int b = 0; b < ErbBands.Count; b++) sum += _bands.Weight(b, k);
            Assert.Equal(1f, sum, 5);
        }
    }

    [Fact]
    public void WidthsAreAtLeastTwoBinsAndNonDecreasingAndEndAt20kHz()
    {
        var e = _bands.Edges;
        Assert.Equal(34, e.Length);
        Assert.Equal(0, e[0]);
        Assert.Equal(400, e[^1]); // 20 kHz / 50 Hz
        for (int b = 1; b < e.Length; b++)
        {
            Assert.True(e[b] - e[b - 1] >= ErbBands.MinSpacingBins);
            if (b >= 2) Assert.True(e[b] - e[b - 1] >= e[b - 1] - e[b - 2]);
        }
    }

    [Fact]
    public void BandEnergySumsToTotalEnergyAndInterpolationOfConstantIsConstant()
    {
        var rng = new Random(3);
        var x = new Complex32[_bands.BinCount];
        double total = 0;
        for (int k = 0; k < x.Length; k++) { x[k] = new Complex32((float)rng.NextDouble(), (float)rng.NextDouble()); total += x[k].MagnitudeSquared; }
        var e = new float[ErbBands.Count];
        _bands.BandEnergy(x, e);
        Assert.Equal(total, e.Sum(v => (double)v), 2);

        var g = Enumerable.Repeat(0.37f, ErbBands.Count).ToArray();
        var bins = new float[_bands.BinCount];
        _bands.Interpolate(g, bins);
        Assert.All(bins, v => Assert.Equal(0.37f, v, 5));
    }
}
