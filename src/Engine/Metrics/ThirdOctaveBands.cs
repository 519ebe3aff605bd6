namespace PercepNet.Engine.Metrics;

/// <summary>
/// The 1/3-octave band matrix of STOI (Taal et al. 2011): 15 bands from a 150 Hz centre, edges at
/// 150·2^((2k∓1)/6) Hz snapped to the nearest FFT bin, each band summing bins [low, high).
/// Snapping follows the reference implementation (thirdoct.m / pystoi) so band energies match it.
/// </summary>
public sealed class ThirdOctaveBands
{
    public ThirdOctaveBands(double sampleRate, int fftSize, int bandCount, double lowestCentre)
    {
        int bins = fftSize / 2 + 1;
        Low = new int[bandCount];
        High = new int[bandCount];
        for (int k = 0; k < bandCount; k++)
        {
            Low[k] = NearestBin(lowestCentre * Math.Pow(2, (2.0 * k - 1) / 6), sampleRate, fftSize, bins);
            High[k] = NearestBin(lowestCentre * Math.Pow(2, (2.0 * k + 1) / 6), sampleRate, fftSize, bins);
        }
    }

    /// <summary>First bin of each band.</summary>
    public int[] Low { get; }

    /// <summary>One past the last bin of each band.</summary>
    public int[] High { get; }

    public int Count => Low.Length;

    private static int NearestBin(double frequency, double sampleRate, int fftSize, int bins)
    {
        int best = 0;
        double bestDistance = double.MaxValue;
        for (int b = 0; b < bins; b++)
        {
            double d = Math.Abs(b * sampleRate / fftSize - frequency);
            if (d < bestDistance) { bestDistance = d; best = b; }       // first minimum wins, as argmin does
        }
        return best;
    }
}
