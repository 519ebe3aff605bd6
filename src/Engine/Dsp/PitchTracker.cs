namespace PercepNet.Engine.Dsp;

/// <summary>
/// Pitch tracker (docs/DESIGN.md §2.4): normalised cross-correlation of the newest 20 ms with the past,
/// coarse search on a 4× decimated signal over periods 60–768 samples, refinement of the best
/// candidates at full rate, a harmonic check of each candidate on a compressed spectrum (against
/// multiples of the period that babble makes correlate), then a Viterbi recursion over frames that
/// penalises jumps in log-period (so octave errors cost a full <see cref="JumpPenalty"/>); how it
/// fares in noise, and what limits it, is in docs/pitch-tracking.md. Decisions
/// are causal (no decision delay): the period of frame τ depends only on samples up to frame τ, so
/// features do not depend on the lookahead setting and one network serves all lookaheads.
/// </summary>
public sealed class PitchTracker
{
    public const int Decimation = 4;
    public const int WindowLength = 960;
    public const int Candidates = 4;
    public const float JumpPenalty = 0.6f;   // cost of one octave of period change per frame
    public const float ScoreDecay = 0.9f;    // forgetting of old path scores
    public const float SubmultipleThreshold = 0.7f; // T/k replaces T when it correlates at least this well
    public const float OffHarmonicRatio = 0.6f; // T/k replaces T when T's harmonics off the multiples of k are this weak
    public const int MaxHarmonicDivisor = 3;    // divisors the harmonic check tries (T/2, T/3)
    public const float HarmonicVetoRatio = 1f;  // …and T/k is kept from replacing T when they are stronger than this
    /// <summary>Samples of history the tracker reads: window plus the longest lag.</summary>
    public const int RequiredHistory = WindowLength + PitchEstimate.MaxPeriod;

    private const int CoarseMinLag = PitchEstimate.MinPeriod / Decimation;   // 15
    private const int CoarseMaxLag = PitchEstimate.MaxPeriod / Decimation;   // 192
    private const int CoarseWindow = WindowLength / Decimation;              // 240
    // Harmonic check: the whole decimated history (432 samples, 36 ms at 12 kHz) under a Hann window,
    // zero-padded to 512 bins of 23.4 Hz; harmonics are read up to 4.5 kHz within ±3 % (vibrato).
    private const int SpectrumLength = 512;
    private const float DecimatedRate = (float)SpeechEnhancer.SampleRate / Decimation;
    private const float BinHz = DecimatedRate / SpectrumLength;
    private const int TopBin = (int)(4500 / BinHz);
    private const float HarmonicMaxHz = TopBin * BinHz;
    private const float HarmonicTolerance = 0.03f;

    private readonly float[] _decimated = new float[RequiredHistory / Decimation];
    // Prefix sums of squares (double, so differences of large sums stay exact enough): the energy of any
    // lagged window is then two lookups instead of a dot product per candidate lag.
    private readonly double[] _decimatedEnergy = new double[RequiredHistory / Decimation + 1];
    private readonly double[] _fullEnergy = new double[RequiredHistory + 1];
    private readonly float[] _coarseCorr = new float[CoarseMaxLag + 1];
    private readonly int[] _candPeriod = new int[Candidates];
    private readonly float[] _candCorr = new float[Candidates];
    private readonly float[] _candScore = new float[Candidates]; // Viterbi evidence (see HarmonicSubmultiple)
    private readonly RealFft _fft = new(SpectrumLength);
    private readonly float[] _spectrumWindow = HannWindow(RequiredHistory / Decimation);
    private readonly float[] _spectrumFrame = new float[SpectrumLength]; // tail stays zero (padding)
    private readonly Complex32[] _spectrum = new Complex32[SpectrumLength / 2 + 1];
    private readonly float[] _peakiness = new float[TopBin + 3]; // bins up to just past 4.5 kHz
    private readonly int[] _prevPeriod = new int[Candidates];
    private readonly float[] _prevScore = new float[Candidates];
    private readonly float[] _score = new float[Candidates];
    private int _prevCount;

    public void Reset() => _prevCount = 0;

    /// <summary>Raw per-frame candidates of the last <see cref="Track"/> call, best first (for tests).</summary>
    public PitchEstimate RawBest { get; private set; }

    /// <summary>
    /// Estimates the pitch of the frame whose newest sample is the last element of
    /// <paramref name="history"/> (which must hold at least <see cref="RequiredHistory"/> samples).
    /// </summary>
    public PitchEstimate Track(ReadOnlySpan<float> history)
    {
        var x = history[^RequiredHistory..];
        int count = FindCandidates(x);
        RawBest = count > 0 ? new PitchEstimate(_candPeriod[0], _candCorr[0]) : new PitchEstimate(PitchEstimate.MaxPeriod / 2, 0);
        if (count == 0)
        {
            _candPeriod[0] = RawBest.Period; _candCorr[0] = 0; _candScore[0] = 0; count = 1;
        }
        // Viterbi recursion: score_j = corr_j + max_i(decay·prev_i − λ·|log2(T_j/T_i)|).
        int best = 0;
        for (int j = 0; j < count; j++)
        {
            float bestPrev = 0;
            if (_prevCount > 0)
            {
                bestPrev = float.NegativeInfinity;
                for (int i = 0; i < _prevCount; i++)
                {
                    float jump = MathF.Abs(MathF.Log2((float)_candPeriod[j] / _prevPeriod[i]));
                    float s = ScoreDecay * _prevScore[i] - JumpPenalty * jump;
                    if (s > bestPrev) bestPrev = s;
                }
            }
            _score[j] = _candScore[j] + bestPrev;
            if (_score[j] > _score[best]) best = j;
        }
        float top = _score[best];
        for (int j = 0; j < count; j++) { _prevPeriod[j] = _candPeriod[j]; _prevScore[j] = _score[j] - top; }
        _prevCount = count;
        return new PitchEstimate(_candPeriod[best], Math.Clamp(_candCorr[best], 0f, 1f));
    }

    private int FindCandidates(ReadOnlySpan<float> x)
    {
        // 4× decimation with a [1 3 3 1]/8 smoothing, enough to keep 62.5–800 Hz fundamentals.
        int nd = _decimated.Length;
        for (int i = 0; i < nd; i++)
        {
            int k = i * Decimation;
            float a = x[k], b = x[k + 1], c = x[k + 2], d = x[k + 3];
            _decimated[i] = 0.125f * (a + 3 * b + 3 * c + d);
        }
        var dec = _decimated.AsSpan();
        PrefixEnergy(dec, _decimatedEnergy);
        PrefixEnergy(x, _fullEnergy);
        var cur = dec[^CoarseWindow..];
        float e0 = VectorMath.Dot(cur, cur);
        int count = 0;
        if (e0 <= 1e-12f) return 0;
        for (int lag = CoarseMinLag; lag <= CoarseMaxLag; lag++)
        {
            int start = nd - CoarseWindow - lag;
            float xy = VectorMath.Dot(cur, dec.Slice(start, CoarseWindow));
            float yy = (float)(_decimatedEnergy[start + CoarseWindow] - _decimatedEnergy[start]);
            _coarseCorr[lag] = xy / MathF.Sqrt(e0 * MathF.Max(yy, 0f) + 1e-12f);
        }
        // Keep the strongest local maxima as candidates.
        for (int lag = CoarseMinLag; lag <= CoarseMaxLag; lag++)
        {
            float c = _coarseCorr[lag];
            if (c <= 0) continue;
            if (lag > CoarseMinLag && _coarseCorr[lag - 1] > c) continue;
            if (lag < CoarseMaxLag && _coarseCorr[lag + 1] >= c) continue;
            InsertCandidate(lag, c, ref count);
        }
        // Refine each candidate at full rate within ±(Decimation-1) samples, then remove period
        // multiples: a periodic signal correlates as well at 2T, 3T…, so the shortest period whose
        // correlation is close to the candidate's wins (classic doubling removal), unless the spectrum
        // shows T's own odd (or non-multiple-of-3) harmonics, i.e. T/k is a second voice, not a divisor.
        var full = x[^WindowLength..];
        float ef = VectorMath.Dot(full, full);
        PeakinessSpectrum();
        for (int k = 0; k < count; k++)
        {
            var (lag, corr) = Refine(x, full, ef, _fullEnergy, _candPeriod[k] * Decimation, Decimation - 1);
            for (int div = lag / PitchEstimate.MinPeriod; div >= 2; div--)
            {
                var (subLag, subCorr) = Refine(x, full, ef, _fullEnergy, (int)MathF.Round((float)lag / div), 2);
                bool harmonicsAgree = div > MaxHarmonicDivisor || OffHarmonicMean(lag, div) <= HarmonicVetoRatio;
                if (subCorr >= SubmultipleThreshold * corr && harmonicsAgree) { lag = subLag; corr = subCorr; break; }
            }
            float score = corr;
            HarmonicSubmultiple(x, full, ef, ref lag, ref corr, ref score);
            _candPeriod[k] = lag; _candCorr[k] = corr; _candScore[k] = score;
        }
        // Sort by Viterbi evidence, best first (tiny insertion sort).
        for (int i = 1; i < count; i++)
            for (int j = i; j > 0 && _candScore[j] > _candScore[j - 1]; j--)
            {
                (_candScore[j], _candScore[j - 1]) = (_candScore[j - 1], _candScore[j]);
                (_candCorr[j], _candCorr[j - 1]) = (_candCorr[j - 1], _candCorr[j]);
                (_candPeriod[j], _candPeriod[j - 1]) = (_candPeriod[j - 1], _candPeriod[j]);
            }
        return count;
    }

    /// <summary>
    /// Octave check against babble (issue 3): a voice near 2T (or 3T) adds correlation at that multiple
    /// but cancels at T, so correlation alone prefers the multiple. In the spectrum the multiple's
    /// harmonics off the multiples of k (odd ones for k = 2) then hold only the other voice and are
    /// weak next to those shared with the target (the subharmonic reasoning of Hermes 1988, on a
    /// compressed spectrum). Then L/k replaces L, at most twice (4T → 2T → T), and keeps L's
    /// correlation as Viterbi evidence: L's periodicity is the target's, only its period was a multiple.
    /// </summary>
    private void HarmonicSubmultiple(ReadOnlySpan<float> x, ReadOnlySpan<float> full, float ef, ref int lag, ref float corr, ref float score)
    {
        for (int pass = 0; pass < 2; pass++)
        {
            bool changed = false;
            for (int div = 2; div <= MaxHarmonicDivisor && !changed; div++)
            {
                if (lag / div < PitchEstimate.MinPeriod) break;
                if (OffHarmonicMean(lag, div) >= OffHarmonicRatio) continue;
                (lag, corr) = Refine(x, full, ef, _fullEnergy, (int)MathF.Round((float)lag / div), 2);
                score = MathF.Max(score, corr);
                changed = true;
            }
            if (!changed) return;
        }
    }

    /// <summary>
    /// Magnitude spectrum of the decimated history, compressed (square root of the magnitude, so
    /// weak high harmonics count) and with its mean up to 4.5 kHz subtracted as the noise floor:
    /// what is left is how far each bin stands out.
    /// </summary>
    private void PeakinessSpectrum()
    {
        for (int i = 0; i < _spectrumWindow.Length; i++) _spectrumFrame[i] = _decimated[i] * _spectrumWindow[i];
        _fft.Forward(_spectrumFrame, _spectrum);
        float mean = 0;
        for (int k = 1; k < _peakiness.Length; k++)
        {
            _peakiness[k] = MathF.Sqrt(MathF.Sqrt(_spectrum[k].MagnitudeSquared));
            mean += _peakiness[k];
        }
        mean /= _peakiness.Length - 1;
        _peakiness[0] = 0;
        for (int k = 1; k < _peakiness.Length; k++) _peakiness[k] = MathF.Max(0, _peakiness[k] - mean);
    }

    /// <summary>Mean peakiness at the harmonics of <paramref name="period"/> that are not multiples of
    /// <paramref name="div"/>, relative to the mean at those that are; 1 (no evidence either way) when
    /// none of those stands out of the floor.</summary>
    private float OffHarmonicMean(int period, int div)
    {
        float f0 = (float)SpeechEnhancer.SampleRate / period, off = 0, on = 0;
        int offCount = 0, onCount = 0;
        for (int h = 1; h * f0 < HarmonicMaxHz; h++)
        {
            float peak = HarmonicPeak(h * f0);
            if (h % div != 0) { off += peak; offCount++; } else { on += peak; onCount++; }
        }
        if (on <= 0) return 1f;
        return off / offCount / (on / onCount);
    }

    /// <summary>Largest peakiness within ±3 % (at least one bin) of a harmonic: vibrato smears it.</summary>
    private float HarmonicPeak(float hz)
    {
        float bin = hz / BinHz;
        int center = (int)MathF.Round(bin), radius = Math.Max(1, (int)MathF.Round(HarmonicTolerance * bin));
        float peak = 0;
        for (int k = Math.Max(1, center - radius); k <= Math.Min(_peakiness.Length - 1, center + radius); k++)
            peak = MathF.Max(peak, _peakiness[k]);
        return peak;
    }

    private static float[] HannWindow(int n)
    {
        var w = new float[n];
        for (int i = 0; i < n; i++) w[i] = 0.5f - 0.5f * MathF.Cos(2 * MathF.PI * (i + 0.5f) / n);
        return w;
    }

    private static void PrefixEnergy(ReadOnlySpan<float> x, double[] prefix)
    {
        double acc = 0;
        prefix[0] = 0;
        for (int i = 0; i < x.Length; i++) { acc += (double)x[i] * x[i]; prefix[i + 1] = acc; }
    }

    private static (int Lag, float Corr) Refine(ReadOnlySpan<float> x, ReadOnlySpan<float> full, float ef, double[] energy, int center, int radius)
    {
        int bestLag = Math.Clamp(center, PitchEstimate.MinPeriod, PitchEstimate.MaxPeriod);
        float bestCorr = float.NegativeInfinity;
        for (int lag = Math.Max(PitchEstimate.MinPeriod, center - radius);
             lag <= Math.Min(PitchEstimate.MaxPeriod, center + radius); lag++)
        {
            int start = x.Length - WindowLength - lag;
            float yy = (float)(energy[start + WindowLength] - energy[start]);
            float c = VectorMath.Dot(full, x.Slice(start, WindowLength)) / MathF.Sqrt(ef * MathF.Max(yy, 0f) + 1e-12f);
            if (c > bestCorr) { bestCorr = c; bestLag = lag; }
        }
        return (bestLag, bestCorr);
    }

    private void InsertCandidate(int lag, float corr, ref int count)
    {
        if (count < Candidates) { _candPeriod[count] = lag; _candCorr[count] = corr; count++; return; }
        int worst = 0;
        for (int i = 1; i < Candidates; i++) if (_candCorr[i] < _candCorr[worst]) worst = i;
        if (corr > _candCorr[worst]) { _candPeriod[worst] = lag; _candCorr[worst] = corr; }
    }
}
