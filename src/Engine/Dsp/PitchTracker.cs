namespace PercepNet.Engine.Dsp;

/// <summary>
/// Pitch tracker (DESIGN.md §2.4): normalised cross-correlation of the newest 20 ms with the past,
/// coarse search on a 4× decimated signal over periods 60–768 samples, refinement of the best
/// candidates at full rate, then a Viterbi recursion over frames that penalises jumps in log-period
/// (so octave errors cost a full <see cref="JumpPenalty"/>). Decisions are causal (no decision delay):
/// the period of frame τ depends only on samples up to frame τ, so features do not depend on the
/// lookahead setting and one network serves all lookaheads.
/// </summary>
public sealed class PitchTracker
{
    public const int Decimation = 4;
    public const int WindowLength = 960;
    public const int Candidates = 4;
    public const float JumpPenalty = 0.6f;   // cost of one octave of period change per frame
    public const float ScoreDecay = 0.9f;    // forgetting of old path scores
    public const float SubmultipleThreshold = 0.7f; // T/k replaces T when it correlates at least this well
    /// <summary>Samples of history the tracker reads: window plus the longest lag.</summary>
    public const int RequiredHistory = WindowLength + PitchEstimate.MaxPeriod;

    private const int CoarseMinLag = PitchEstimate.MinPeriod / Decimation;   // 15
    private const int CoarseMaxLag = PitchEstimate.MaxPeriod / Decimation;   // 192
    private const int CoarseWindow = WindowLength / Decimation;              // 240

    private readonly float[] _decimated = new float[RequiredHistory / Decimation];
    // Prefix sums of squares (double, so differences of large sums stay exact enough): the energy of any
    // lagged window is then two lookups instead of a dot product per candidate lag.
    private readonly double[] _decimatedEnergy = new double[RequiredHistory / Decimation + 1];
    private readonly double[] _fullEnergy = new double[RequiredHistory + 1];
    private readonly float[] _coarseCorr = new float[CoarseMaxLag + 1];
    private readonly int[] _candPeriod = new int[Candidates];
    private readonly float[] _candCorr = new float[Candidates];
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
            _candPeriod[0] = RawBest.Period; _candCorr[0] = 0; count = 1;
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
            _score[j] = _candCorr[j] + bestPrev;
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
        // correlation is close to the candidate's wins (classic doubling removal).
        var full = x[^WindowLength..];
        float ef = VectorMath.Dot(full, full);
        for (int k = 0; k < count; k++)
        {
            var (lag, corr) = Refine(x, full, ef, _fullEnergy, _candPeriod[k] * Decimation, Decimation - 1);
            for (int div = lag / PitchEstimate.MinPeriod; div >= 2; div--)
            {
                var (subLag, subCorr) = Refine(x, full, ef, _fullEnergy, (int)MathF.Round((float)lag / div), 2);
                if (subCorr >= SubmultipleThreshold * corr) { lag = subLag; corr = subCorr; break; }
            }
            _candPeriod[k] = lag; _candCorr[k] = corr;
        }
        // Sort by correlation, best first (tiny insertion sort).
        for (int i = 1; i < count; i++)
            for (int j = i; j > 0 && _candCorr[j] > _candCorr[j - 1]; j--)
            {
                (_candCorr[j], _candCorr[j - 1]) = (_candCorr[j - 1], _candCorr[j]);
                (_candPeriod[j], _candPeriod[j - 1]) = (_candPeriod[j - 1], _candPeriod[j]);
            }
        return count;
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
