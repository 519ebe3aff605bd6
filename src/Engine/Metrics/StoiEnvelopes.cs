using PercepNet.Engine.Resampling;

namespace PercepNet.Engine.Metrics;

/// <summary>
/// The front end shared by STOI and ESTOI (Taal et al. 2011; Jensen &amp; Taal 2016), step for step
/// as the reference implementation: resample to 10 kHz, drop the frames where the clean signal is
/// more than 40 dB below its loudest frame (256-sample Hann frames, 50 % overlap, then overlap-add
/// the rest back together), a 512-point STFT of the same frames, and 1/3-octave band magnitudes.
/// </summary>
internal sealed class StoiEnvelopes
{
    public const int Rate = 10000, FrameLength = 256, Hop = 128, FftSize = 512, BandCount = 15;
    public const double LowestCentre = 150, DynamicRangeDb = 40;

    private static readonly ThirdOctaveBands Bands = new(Rate, FftSize, BandCount, LowestCentre);

    private StoiEnvelopes(double[,] clean, double[,] processed)
    {
        Clean = clean;
        Processed = processed;
    }

    /// <summary>Band magnitudes [frame, band] of the clean signal.</summary>
    public double[,] Clean { get; }

    /// <summary>Band magnitudes [frame, band] of the processed signal.</summary>
    public double[,] Processed { get; }

    public int FrameCount => Clean.GetLength(0);

    public static StoiEnvelopes Compute(ReadOnlySpan<float> clean, ReadOnlySpan<float> processed, double sampleRate)
    {
        if (clean.Length != processed.Length) throw new ArgumentException("clean and processed must have the same length");
        var x = ToDouble(WholeSignalResampler.Resample(clean, sampleRate, Rate));
        var y = ToDouble(WholeSignalResampler.Resample(processed, sampleRate, Rate));
        var window = HannWindow(FrameLength);
        RemoveSilentFrames(ref x, ref y, window);
        return new StoiEnvelopes(BandMagnitudes(x, window), BandMagnitudes(y, window));
    }

    private static double[] ToDouble(float[] x) => Array.ConvertAll(x, v => (double)v);

    /// <summary>Symmetric Hann without its zero end points (MATLAB's hanning(n), numpy's hanning(n + 2)[1:-1]).</summary>
    private static double[] HannWindow(int n)
    {
        var w = new double[n];
        for (int k = 0; k < n; k++) w[k] = 0.5 - 0.5 * Math.Cos(2 * Math.PI * (k + 1) / (n + 1));
        return w;
    }

    private static void RemoveSilentFrames(ref double[] x, ref double[] y, double[] window)
    {
        // Frames start at 0, Hop, … strictly before len − FrameLength (the reference's range() end).
        int frames = x.Length > FrameLength ? (x.Length - FrameLength - 1) / Hop + 1 : 0;
        var energyDb = new double[frames];
        double loudest = double.NegativeInfinity;
        for (int f = 0; f < frames; f++)
        {
            double sum = 0;
            for (int k = 0; k < FrameLength; k++) { double v = window[k] * x[f * Hop + k]; sum += v * v; }
            energyDb[f] = 20 * Math.Log10(Math.Sqrt(sum) + Stoi.MachineEpsilon);
            loudest = Math.Max(loudest, energyDb[f]);
        }
        int kept = 0;
        for (int f = 0; f < frames; f++) if (loudest - DynamicRangeDb - energyDb[f] < 0) kept++;
        var xs = new double[kept == 0 ? 0 : (kept - 1) * Hop + FrameLength];
        var ys = new double[xs.Length];
        int slot = 0;
        for (int f = 0; f < frames; f++)
        {
            if (!(loudest - DynamicRangeDb - energyDb[f] < 0)) continue;
            for (int k = 0; k < FrameLength; k++)
            {
                xs[slot * Hop + k] += window[k] * x[f * Hop + k];
                ys[slot * Hop + k] += window[k] * y[f * Hop + k];
            }
            slot++;
        }
        x = xs;
        y = ys;
    }

    private static double[,] BandMagnitudes(double[] signal, double[] window)
    {
        int frames = signal.Length > FrameLength ? (signal.Length - FrameLength - 1) / Hop + 1 : 0;
        var result = new double[frames, BandCount];
        var fft = new DoublePrecisionFft(FftSize);
        var re = new double[FftSize];
        var im = new double[FftSize];
        for (int f = 0; f < frames; f++)
        {
            Array.Clear(re);                                            // zero padding beyond the frame
            Array.Clear(im);
            for (int k = 0; k < FrameLength; k++) re[k] = window[k] * signal[f * Hop + k];
            fft.Forward(re, im);
            for (int b = 0; b < BandCount; b++)
            {
                double energy = 0;
                for (int bin = Bands.Low[b]; bin < Bands.High[b]; bin++) energy += re[bin] * re[bin] + im[bin] * im[bin];
                result[f, b] = Math.Sqrt(energy);
            }
        }
        return result;
    }
}
