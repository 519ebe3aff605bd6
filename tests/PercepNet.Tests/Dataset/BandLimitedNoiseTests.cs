using System.Globalization;
using PercepNet.Cli.Dataset;
using PercepNet.Engine.Dsp;
using PercepNet.Tests.Dsp;

namespace PercepNet.Tests.Dataset;

/// <summary>
/// Mixer revision 11: about 30 % of the training noise layers are low-, high- or band-passed, so the network meets
/// noise that covers part of the spectrum and clean speech beside it; dev selections and classic draws are unchanged.
/// </summary>
public class BandLimitedNoiseTests
{
    private const int Rate = 48000;

    /// <summary>A white-noise recording: energy everywhere, so a band limit shows in the noise's spectrum.</summary>
    private static SourcePool Pool() => SineSpeechPool.With("hiss", TestSignals.WhiteNoise(3 * Rate, seed: 5));

    private static readonly string[] Kinds = ["lowpass ", "highpass ", "bandpass "];

    private static string? Shape(string description) =>
        description.Split(", ").FirstOrDefault(d => Kinds.Any(k => d.StartsWith(k, StringComparison.Ordinal)));

    [Fact]
    public void About_a_third_of_training_noise_layers_are_band_limited()
    {
        // One layer in 60 % of noisy mixtures, two in 40 %: P(at least one band-limited) = 0.6·0.3 + 0.4·0.51 = 0.38.
        var g = new MixtureGenerator(Pool(), seconds: 2);
        int noisy = 0, shaped = 0;
        for (int i = 0; i < 400; i++)
        {
            var d = g.Generate(21, i).Description;
            if (d.Contains("noise-free", StringComparison.Ordinal) || d.Contains("speech-free", StringComparison.Ordinal)) continue;
            noisy++;
            if (Shape(d) is not null) shaped++;
        }
        Assert.InRange(shaped, 0.28 * noisy, 0.48 * noisy);
    }

    [Fact]
    public void A_band_limited_layer_keeps_its_band_and_loses_the_rest()
    {
        var white = TestSignals.WhiteNoise(Rate, seed: 7);
        var seen = new HashSet<string>();
        for (int i = 0; i < 40; i++)
        {
            var desc = new List<string>();
            var y = MixtureGenerator.BandLimit(white, new Random(i), desc);
            string shape = Assert.Single(desc);
            string kind = shape.Split(' ')[0];
            seen.Add(kind);
            var edges = shape.Split(' ')[1].Split('-').Select(v => double.Parse(v, CultureInfo.InvariantCulture) * 1000).ToArray();
            // Outside the band (beyond the filters' ~260 Hz transition and the description's 0.1 kHz rounding) the layer
            // keeps less than 1/1,000 of its energy (the signal's ends, where the filters ring, included); inside, white
            // noise's share of the band.
            (double lo, double hi) = kind switch
            {
                "lowpass" => (0.0, edges[0]),
                "highpass" => (edges[0], Rate / 2.0),
                _ => (edges[0], edges[1]),
            };
            if (lo > 0) Assert.True(EnergyShare(y, 0, lo - 400) < 1e-3, $"{EnergyShare(y, 0, lo - 400):E1} below {lo} Hz: {shape}");
            if (hi < Rate / 2.0) Assert.True(EnergyShare(y, hi + 400, Rate / 2) < 1e-3, $"{EnergyShare(y, hi + 400, Rate / 2):E1} above {hi} Hz: {shape}");
            double kept = TestSignals.Rms(y) * TestSignals.Rms(y) / (TestSignals.Rms(white) * TestSignals.Rms(white));
            Assert.InRange(kept, (hi - lo - 500) / (Rate / 2.0), (hi - lo + 500) / (Rate / 2.0));
        }
        Assert.Equal(3, seen.Count);
    }

    [Fact]
    public void A_layer_with_nothing_in_the_band_stays_whole()
    {
        // A 50 Hz tone high-passed anywhere from 300 Hz up is gone: the layer is kept as it was and not described.
        var hum = Enumerable.Range(0, Rate).Select(k => (float)Math.Sin(2 * Math.PI * 50 * k / Rate)).ToArray();
        for (int i = 0; i < 40; i++)
        {
            var desc = new List<string>();
            var y = MixtureGenerator.BandLimit(hum, new Random(i), desc);
            if (desc.Count == 0) Assert.Same(hum, y);
            else Assert.True(TestSignals.Rms(y) >= 0.03 * TestSignals.Rms(hum), desc[0]);
        }
    }

    [Fact]
    public void Dev_selections_and_classic_draws_have_no_band_limited_noise()
    {
        foreach (var g in new[]
                 {
                     new MixtureGenerator(Pool(), seconds: 2) { RecordedNoiseOnly = true },
                     new MixtureGenerator(Pool(), seconds: 2) { Classic = true },
                 })
        {
            for (int i = 0; i < 80; i++)
                Assert.Null(Shape(g.Generate(23, i).Description));
        }
    }

    /// <summary>Share of the signal's energy between two frequencies, from one FFT of the whole (zero-padded) signal.</summary>
    private static double EnergyShare(float[] x, double fromHz, double toHz)
    {
        int n = 1;
        while (n < x.Length) n <<= 1;
        var fft = new RealFft(n);
        var padded = new float[n];
        x.CopyTo(padded, 0);
        var spectrum = new Complex32[fft.BinCount];
        fft.Forward(padded, spectrum);
        double band = 0, all = 0;
        for (int k = 0; k < spectrum.Length; k++)
        {
            double f = (double)k * Rate / n, e = spectrum[k].MagnitudeSquared;
            all += e;
            if (f >= fromHz && f < toHz) band += e;
        }
        return band / Math.Max(all, 1e-30);
    }
}
