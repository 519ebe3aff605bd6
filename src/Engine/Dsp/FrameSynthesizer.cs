namespace PercepNet.Engine.Dsp;

/// <summary>
/// Per-frame enhancement and resynthesis (docs/DESIGN.md §2.6–2.7): mixes X with the energy-matched comb
/// spectrum by r_b, restores each band's energy, applies the band gains through the ERB triangles,
/// inverse FFT, synthesis window, overlap-add. Emits <see cref="FrameAnalyzer.HopSize"/> samples per
/// frame: the first half of the frame, completed by this frame's overlap. Allocation-free.
/// </summary>
public sealed class FrameSynthesizer
{
    private const int N = FrameAnalyzer.FrameSize, Hop = FrameAnalyzer.HopSize, Bins = FrameAnalysis.Bins;
    private const float Eps = 1e-12f;

    private readonly ErbBands _bands;
    private readonly float[] _window;
    private readonly RealFft _fft = new(N);
    private readonly Complex32[] _y = new Complex32[Bins];
    private readonly float[] _frame = new float[N];
    private readonly float[] _overlap = new float[Hop];
    private readonly float[] _bandA = new float[ErbBands.Count];
    private readonly float[] _bandB = new float[ErbBands.Count];
    private readonly float[] _binA = new float[Bins];
    private readonly float[] _binB = new float[Bins];
    private readonly float[] _binGain = new float[Bins];

    public FrameSynthesizer(ErbBands bands, ReadOnlySpan<float> window)
    {
        _bands = bands;
        _window = window.ToArray();
    }

    public void Reset() => Array.Clear(_overlap);

    /// <summary>
    /// Full PercepNet synthesis with final band gains (post-filter already applied) and strengths.
    /// </summary>
    public void Synthesize(FrameAnalysis f, ReadOnlySpan<float> gains, ReadOnlySpan<float> strengths, Span<float> output)
    {
        MixPitchFiltered(f, strengths);
        _bands.Interpolate(gains, _binGain);
        for (int k = 0; k < Bins; k++) _y[k] = _y[k] * _binGain[k];
        Emit(output);
    }

    /// <summary>Applies per-bin gains directly to X (the bin-magnitude oracle and unit-gain tests).</summary>
    public void SynthesizeBinGains(FrameAnalysis f, ReadOnlySpan<float> binGains, Span<float> output)
    {
        for (int k = 0; k < Bins; k++) _y[k] = f.X[k] * binGains[k];
        Emit(output);
    }

    /// <summary>Y = (1−r)X + r·P̃ per bin, P̃ = P scaled to X's band energy, then Y rescaled to X's band energy.</summary>
    private void MixPitchFiltered(FrameAnalysis f, ReadOnlySpan<float> strengths)
    {
        bool any = false;
        for (int b = 0; b < ErbBands.Count; b++) any |= strengths[b] > 0;
        if (!any) { f.X.AsSpan().CopyTo(_y); return; }

        for (int b = 0; b < ErbBands.Count; b++)
            _bandA[b] = f.EnergyP[b] > Eps ? MathF.Sqrt(f.EnergyX[b] / f.EnergyP[b]) : 0f;
        _bands.Interpolate(_bandA, _binA);          // comb energy match per bin
        _bands.Interpolate(strengths, _binB);       // r per bin
        for (int k = 0; k < Bins; k++)
        {
            float r = _binB[k];
            _y[k] = f.X[k] * (1 - r) + f.P[k] * (r * _binA[k]);
        }
        _bands.BandEnergy(_y, _bandB);
        for (int b = 0; b < ErbBands.Count; b++)
            _bandA[b] = _bandB[b] > Eps ? MathF.Sqrt(f.EnergyX[b] / _bandB[b]) : 1f;
        _bands.Interpolate(_bandA, _binA);
        for (int k = 0; k < Bins; k++) _y[k] = _y[k] * _binA[k];
    }

    private void Emit(Span<float> output)
    {
        _fft.Inverse(_y, _frame);
        for (int i = 0; i < N; i++) _frame[i] *= _window[i];
        for (int i = 0; i < Hop; i++)
        {
            float v = _frame[i] + _overlap[i];
            // Flush denormals so downstream hosts never see subnormal output (docs/DESIGN.md §6).
            output[i] = MathF.Abs(v) < 1e-30f ? 0f : v;
        }
        _frame.AsSpan(Hop, Hop).CopyTo(_overlap);
    }
}
