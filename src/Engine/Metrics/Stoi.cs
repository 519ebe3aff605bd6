namespace PercepNet.Engine.Metrics;

/// <summary>
/// Short-time objective intelligibility: STOI (Taal, Hendriks, Heusdens, Jensen, IEEE TASLP 2011)
/// and extended STOI (Jensen &amp; Taal, IEEE TASLP 2016), following the reference implementation
/// (MATLAB, and pystoi which matches it): 10 kHz, 15 one-third-octave bands from 150 Hz, 30-frame
/// (384 ms) segments, silent frames (40 dB below the loudest clean frame) removed.
/// Differences: resampling to 10 kHz uses our Kaiser polyphase resampler (the reference uses a
/// 60 dB Kaiser FIR), and ESTOI's normalisation skips the reference's ±2e-16 random dither (it only
/// guards against division by zero; we treat an all-zero row or column as zero instead), so results
/// are deterministic. Inputs must be time-aligned and of equal length; offline use, allocates freely.
/// </summary>
public static class Stoi
{
    /// <summary>numpy/MATLAB eps (2⁻⁵²), the reference's guard against division by zero.</summary>
    public const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>Frames per intermediate-intelligibility segment (384 ms).</summary>
    public const int SegmentFrames = 30;

    /// <summary>What the reference returns when fewer than 30 frames survive silence removal.</summary>
    public const double TooShortResult = 1e-5;

    /// <summary>Lower bound of the signal-to-distortion ratio per time-frequency unit, β = −15 dB.</summary>
    private const double ClipDb = -15;

    /// <summary>
    /// STOI (or, with <paramref name="extended"/>, ESTOI) of <paramref name="processed"/> against
    /// <paramref name="clean"/>: at most 1, for identical signals.
    /// </summary>
    public static double Compute(ReadOnlySpan<float> clean, ReadOnlySpan<float> processed, double sampleRate, bool extended = false) =>
        extended ? Extended(clean, processed, sampleRate) : Classic(clean, processed, sampleRate);

    private static double Classic(ReadOnlySpan<float> clean, ReadOnlySpan<float> processed, double sampleRate)
    {
        var envelopes = StoiEnvelopes.Compute(clean, processed, sampleRate);
        int frames = envelopes.FrameCount, bands = StoiEnvelopes.BandCount;
        if (frames < SegmentFrames) return TooShortResult;
        double clip = 1 + Math.Pow(10, -ClipDb / 20);
        var x = new double[SegmentFrames];
        var y = new double[SegmentFrames];
        double sum = 0;
        int segments = frames - SegmentFrames + 1;
        for (int m = 0; m < segments; m++)
        {
            for (int b = 0; b < bands; b++)
            {
                for (int t = 0; t < SegmentFrames; t++)
                {
                    x[t] = envelopes.Clean[m + t, b];
                    y[t] = envelopes.Processed[m + t, b];
                }
                // Scale y to x's energy, then clip it at 15 dB above x (eq. 3 of the 2011 paper).
                double scale = Norm(x) / (Norm(y) + MachineEpsilon);
                for (int t = 0; t < SegmentFrames; t++) y[t] = Math.Min(y[t] * scale, x[t] * clip);
                sum += Correlation(x, y);
            }
        }
        return sum / (segments * (double)bands);
    }

    private static double Extended(ReadOnlySpan<float> clean, ReadOnlySpan<float> processed, double sampleRate)
    {
        var envelopes = StoiEnvelopes.Compute(clean, processed, sampleRate);
        int frames = envelopes.FrameCount, bands = StoiEnvelopes.BandCount;
        if (frames < SegmentFrames) return TooShortResult;
        var x = new double[bands, SegmentFrames];
        var y = new double[bands, SegmentFrames];
        double sum = 0;
        int segments = frames - SegmentFrames + 1;
        for (int m = 0; m < segments; m++)
        {
            for (int b = 0; b < bands; b++)
            for (int t = 0; t < SegmentFrames; t++)
            {
                x[b, t] = envelopes.Clean[m + t, b];
                y[b, t] = envelopes.Processed[m + t, b];
            }
            NormalizeRowsThenColumns(x);
            NormalizeRowsThenColumns(y);
            double d = 0;
            for (int b = 0; b < bands; b++)
            for (int t = 0; t < SegmentFrames; t++) d += x[b, t] * y[b, t];
            sum += d / SegmentFrames;
        }
        return sum / segments;
    }

    private static double Norm(ReadOnlySpan<double> v)
    {
        double s = 0;
        foreach (double e in v) s += e * e;
        return Math.Sqrt(s);
    }

    /// <summary>Correlation coefficient as the reference computes it: centred, each divided by (norm + eps).</summary>
    private static double Correlation(Span<double> x, Span<double> y)
    {
        double mx = 0, my = 0;
        for (int t = 0; t < x.Length; t++) { mx += x[t]; my += y[t]; }
        mx /= x.Length;
        my /= y.Length;
        double xx = 0, yy = 0, xy = 0;
        for (int t = 0; t < x.Length; t++)
        {
            double a = x[t] - mx, b = y[t] - my;
            xx += a * a; yy += b * b; xy += a * b;
        }
        return xy / ((Math.Sqrt(xx) + MachineEpsilon) * (Math.Sqrt(yy) + MachineEpsilon));
    }

    /// <summary>Each band's envelope to zero mean and unit norm over time, then each frame's spectrum over bands.</summary>
    private static void NormalizeRowsThenColumns(double[,] a)
    {
        int rows = a.GetLength(0), cols = a.GetLength(1);
        for (int r = 0; r < rows; r++)
        {
            double mean = 0, energy = 0;
            for (int c = 0; c < cols; c++) mean += a[r, c];
            mean /= cols;
            for (int c = 0; c < cols; c++) { a[r, c] -= mean; energy += a[r, c] * a[r, c]; }
            double inv = energy > 0 ? 1 / Math.Sqrt(energy) : 0;
            for (int c = 0; c < cols; c++) a[r, c] *= inv;
        }
        for (int c = 0; c < cols; c++)
        {
            double mean = 0, energy = 0;
            for (int r = 0; r < rows; r++) mean += a[r, c];
            mean /= rows;
            for (int r = 0; r < rows; r++) { a[r, c] -= mean; energy += a[r, c] * a[r, c]; }
            double inv = energy > 0 ? 1 / Math.Sqrt(energy) : 0;
            for (int r = 0; r < rows; r++) a[r, c] *= inv;
        }
    }
}
