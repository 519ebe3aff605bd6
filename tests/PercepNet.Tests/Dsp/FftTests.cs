using PercepNet.Engine.Dsp;

namespace PercepNet.Tests.Dsp;

public class FftTests
{
    [Theory]
    [InlineData(960)]
    [InlineData(480)]
    [InlineData(30)]
    [InlineData(64)]
    public void RealFftMatchesNaiveDft(int n)
    {
        var rng = new Random(n);
        var x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
        var fft = new RealFft(n);
        var spec = new Complex32[n / 2 + 1];
        fft.Forward(x, spec);
        double maxErr = 0;
        for (int k = 0; k <= n / 2; k++)
        {
            double re = 0, im = 0;
            for (int t = 0; t < n; t++)
            {
                double a = -2 * Math.PI * k * t / n;
                re += x[t] * Math.Cos(a); im += x[t] * Math.Sin(a);
            }
            maxErr = Math.Max(maxErr, Math.Abs(re - spec[k].Re) + Math.Abs(im - spec[k].Im));
        }
        Assert.True(maxErr < 1e-3 * Math.Sqrt(n), $"max error {maxErr}");

        var back = new float[n];
        fft.Inverse(spec, back);
        for (int i = 0; i < n; i++) Assert.True(Math.Abs(x[i] - back[i]) < 1e-5, $"sample {i}: {x[i]} vs {back[i]}");
    }

    [Fact]
    public void ComplexFftOfLength960MatchesNaiveDft()
    {
        const int n = 960;
        var rng = new Random(7);
        var x = new Complex32[n];
        for (int i = 0; i < n; i++) x[i] = new Complex32((float)rng.NextDouble() - 0.5f, (float)rng.NextDouble() - 0.5f);
        var y = (Complex32[])x.Clone();
        new ComplexFft(n).Forward(y);
        foreach (int k in new[] { 0, 1, 7, 100, 479, 480, 959 })
        {
            double re = 0, im = 0;
            for (int t = 0; t < n; t++)
            {
                double a = -2 * Math.PI * k * t / n, c = Math.Cos(a), s = Math.Sin(a);
                re += x[t].Re * c - x[t].Im * s; im += x[t].Re * s + x[t].Im * c;
            }
            Assert.True(Math.Abs(re - y[k].Re) < 1e-3 && Math.Abs(im - y[k].Im) < 1e-3, $"bin {k}");
        }
    }
}
