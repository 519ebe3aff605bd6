namespace PercepNet.Engine.Dsp;

/// <summary>
/// Streaming analysis of one signal (docs/DESIGN.md §2.1–2.6): keeps the input history, and per 480-sample
/// hop windows the newest 960 samples, tracks the pitch, comb-filters, and computes both spectra,
/// band energies and per-band pitch coherence. Allocation-free after construction.
/// </summary>
public sealed class FrameAnalyzer
{
    public const int FrameSize = 960;
    public const int HopSize = 480;
    public const int HistoryLength = FrameSize + CombFilter.ExtraHistory; // ≥ PitchTracker.RequiredHistory

    private readonly float[] _history = new float[HistoryLength];
    private readonly float[] _window;
    private readonly float[] _frame = new float[FrameSize];
    private readonly RealFft _fft = new(FrameSize);
    private readonly PitchTracker _pitch = new();

    public FrameAnalyzer(ErbBands bands)
    {
        Bands = bands;
        _window = PowerComplementaryWindow.Create(FrameSize);
    }

    public ErbBands Bands { get; }
    public ReadOnlySpan<float> Window => _window;

    public void Reset()
    {
        Array.Clear(_history);
        _pitch.Reset();
    }

    /// <summary>Appends one hop of input (exactly <see cref="HopSize"/> samples).</summary>
    public void PushHop(ReadOnlySpan<float> hop)
    {
        Array.Copy(_history, HopSize, _history, 0, HistoryLength - HopSize);
        hop[..HopSize].CopyTo(_history.AsSpan(HistoryLength - HopSize));
    }

    /// <summary>
    /// Analyses the newest frame. With <paramref name="pitch"/> given (e.g. the noisy signal's pitch when
    /// computing clean targets, docs/DESIGN.md §3) the tracker is not run.
    /// </summary>
    public void Analyze(FrameAnalysis dest, PitchEstimate? pitch = null)
    {
        var hist = _history.AsSpan();
        dest.Pitch = pitch ?? _pitch.Track(hist);

        Transform(hist[^FrameSize..], dest.X);
        CombFilter.Apply(hist, dest.Pitch.Period, _frame);
        Transform(_frame, dest.P);

        Bands.BandEnergy(dest.X, dest.EnergyX);
        Bands.BandEnergy(dest.P, dest.EnergyP);
        Bands.BandCrossEnergy(dest.X, dest.P, dest.CrossXP);
        for (int b = 0; b < ErbBands.Count; b++)
            dest.Coherence[b] = PitchCoherence(dest.CrossXP[b], dest.EnergyX[b], dest.EnergyP[b]);
    }

    /// <summary>q_b = C_b / sqrt(E_X,b·E_P,b), 0 for silent bands (docs/DESIGN.md §2.6).</summary>
    public static float PitchCoherence(float cross, float ex, float ep)
    {
        float d = ex * ep;
        return d > 1e-20f ? Math.Clamp(cross / MathF.Sqrt(d), -1f, 1f) : 0f;
    }

    private void Transform(ReadOnlySpan<float> samples, Complex32[] spectrum)
    {
        for (int i = 0; i < FrameSize; i++) _frame[i] = samples[i] * _window[i];
        _fft.Forward(_frame, spectrum);
    }
}
