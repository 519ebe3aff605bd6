namespace PercepNet.Engine.Dsp;

/// <summary>
/// 34 triangular bands on the ERB scale (docs/DESIGN.md §2.3). Band b peaks at bin Edge[b] and falls
/// linearly to zero at its neighbours' peaks, so every bin's weights sum to 1 (partition of unity).
/// Bins above the last edge (20 kHz) belong wholly to the last band. Low bands are at least
/// <see cref="MinSpacingBins"/> bins apart (100 Hz), because equal ERB steps there would be
/// narrower than the 50 Hz bin resolution.
/// </summary>
public sealed class ErbBands
{
    public const int Count = 34;
    public const int MinSpacingBins = 2;
    public const double TopFrequencyHz = 20000;

    private readonly int[] _edges;     // peak bin of each band
    private readonly int _binCount;

    public ErbBands(int fftLength = 960, int sampleRate = 48000)
    {
        _binCount = fftLength / 2 + 1;
        _edges = ComputeEdges(fftLength, sampleRate);
    }

    public ReadOnlySpan<int> Edges => _edges;
    public int BinCount => _binCount;

    public static double HzToErbRate(double hz) => 21.4 * Math.Log10(1 + 0.00437 * hz);
    public static double ErbRateToHz(double erb) => (Math.Pow(10, erb / 21.4) - 1) / 0.00437;

    /// <summary>
    /// Greedy layout: each next edge is the equal-ERB step over the remaining range, but never closer
    /// than MinSpacingBins and never narrower than the previous band, so widths grow monotonically.
    /// </summary>
    public static int[] ComputeEdges(int fftLength, int sampleRate)
    {
        double binHz = (double)sampleRate / fftLength;
        int topBin = (int)Math.Round(TopFrequencyHz / binHz);
        var edges = new int[Count];
        edges[0] = 0;
        double topErb = HzToErbRate(TopFrequencyHz);
        for (int b = 1; b < Count; b++)
        {
            double prevErb = HzToErbRate(edges[b - 1] * binHz);
            double step = (topErb - prevErb) / (Count - b);
            int ideal = (int)Math.Round(ErbRateToHz(prevErb + step) / binHz);
            int minWidth = Math.Max(MinSpacingBins, b >= 2 ? edges[b - 1] - edges[b - 2] : MinSpacingBins);
            edges[b] = Math.Max(ideal, edges[b - 1] + minWidth);
        }
        if (edges[Count - 1] != topBin)
            throw new InvalidOperationException($"band layout ends at bin {edges[Count - 1]}, expected {topBin}");
        return edges;
    }

    /// <summary>E_b = Σ_k w_b(k)·|X(k)|²: the cross-energy of X with itself.</summary>
    public void BandEnergy(ReadOnlySpan<Complex32> x, Span<float> energy) => BandCrossEnergy(x, x, energy);

    /// <summary>C_b = Σ_k w_b(k)·Re(X(k)·conj(P(k))): the band cross-energy used for pitch coherence.</summary>
    public void BandCrossEnergy(ReadOnlySpan<Complex32> x, ReadOnlySpan<Complex32> p, Span<float> cross)
    {
        cross.Clear();
        for (int b = 0; b < Count - 1; b++)
        {
            int lo = _edges[b], width = _edges[b + 1] - lo;
            float inv = 1f / width;
            for (int j = 0; j < width; j++)
            {
                float f = j * inv;
                var a = x[lo + j]; var c = p[lo + j];
                float e = a.Re * c.Re + a.Im * c.Im;
                cross[b] += (1 - f) * e;
                cross[b + 1] += f * e;
            }
        }
        for (int k = _edges[Count - 1]; k < _binCount; k++)
        {
            var a = x[k]; var c = p[k];
            cross[Count - 1] += a.Re * c.Re + a.Im * c.Im;
        }
    }

    /// <summary>Per-bin value from per-band values through the same triangles (docs/DESIGN.md §2.7).</summary>
    public void Interpolate(ReadOnlySpan<float> bandValues, Span<float> binValues)
    {
        for (int b = 0; b < Count - 1; b++)
        {
            int lo = _edges[b], width = _edges[b + 1] - lo;
            float inv = 1f / width;
            for (int j = 0; j < width; j++)
            {
                float f = j * inv;
                binValues[lo + j] = (1 - f) * bandValues[b] + f * bandValues[b + 1];
            }
        }
        for (int k = _edges[Count - 1]; k < _binCount; k++) binValues[k] = bandValues[Count - 1];
    }

    /// <summary>Weight of band b at bin k (for tests and documentation).</summary>
    public float Weight(int band, int bin)
    {
        if (bin >= _edges[Count - 1]) return band == Count - 1 ? 1f : 0f;
        for (int b = 0; b < Count - 1; b++)
        {
            int lo = _edges[b], hi = _edges[b + 1];
            if (bin < lo || bin >= hi) continue;
            float f = (float)(bin - lo) / (hi - lo);
            return band == b ? 1 - f : band == b + 1 ? f : 0f;
        }
        return 0f;
    }

    /// <summary>Highest band whose whole triangle lies at or below <paramref name="hz"/> (for bandwidth masks).</summary>
    public int LastBandBelow(double hz, int sampleRate = 48000, int fftLength = 960)
    {
        double binHz = (double)sampleRate / fftLength;
        int last = -1;
        for (int b = 0; b < Count; b++)
        {
            int upper = b + 1 < Count ? _edges[b + 1] : _binCount - 1;
            if (upper * binHz <= hz) last = b;
        }
        return last;
    }
}
