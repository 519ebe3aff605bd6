using PercepNet.Engine.Dsp;

namespace PercepNet.Engine;

/// <summary>
/// 48 kHz mono streaming enhancer (docs/DESIGN.md §2): any block size in, the same number of samples out.
/// Samples are gathered into 480-sample hops; per hop the newest frame is analysed, the gain source
/// (network) decides gains for the frame <see cref="Lookahead"/> hops back, the post-filter and
/// floor are applied, and that frame is resynthesised. Allocation-free after construction.
///
/// Latency: a 960-sample window at a 480 hop completes a sample only when the frame after it is
/// complete, so a stream with arbitrary host blocks needs 960 samples (20 ms) plus 480 per lookahead
/// frame: <see cref="LatencySamples"/> = 480·(2 + L). docs/DESIGN.md's 10/20/30 ms is the frame-synchronous
/// delay (<see cref="AlgorithmicLatencySamples"/>); the FIFO that serves arbitrary host blocks adds one hop.
/// </summary>
public sealed partial class SpeechEnhancer
{
    public const int SampleRate = 48000;
    public const int HopSize = FrameAnalyzer.HopSize;
    public const int MaxLookahead = 2;
    public const float MaxAttenuationDb = 60f;
    /// <summary>One-pole smoothing per hop for parameter changes (≈ 30 ms time constant).</summary>
    private const float ParameterSmoothing = 0.3f;

    private readonly IFrameGainSource _source;
    private readonly ErbBands _bands = new();
    private readonly FrameAnalyzer _analyzer;
    private readonly FrameSynthesizer _synthesizer;
    private readonly FrameAnalysis[] _frames = new FrameAnalysis[MaxLookahead + 1];
    private readonly float[] _inHop = new float[HopSize];
    private readonly float[] _outHop = new float[HopSize];
    private readonly float[] _gains = new float[ErbBands.Count];
    private readonly float[] _strengths = new float[ErbBands.Count];
    private int _fifoPos;
    private long _hopCount;
    private int _lookahead;
    private float _strengthSmoothed, _postFilterSmoothed;

    public SpeechEnhancer(IFrameGainSource source, int lookahead = 1)
    {
        _source = source ?? throw new ArgumentNullException(nameof(source));
        _analyzer = new FrameAnalyzer(_bands);
        _synthesizer = new FrameSynthesizer(_bands, _analyzer.Window);
        for (int i = 0; i < _frames.Length; i++) _frames[i] = new FrameAnalysis();
        Lookahead = lookahead;
        _strengthSmoothed = Strength;
        _postFilterSmoothed = PostFilterAmount;
    }

    /// <summary>0..2 frames. Setting it resets the stream (no allocation) and changes the latency.</summary>
    public int Lookahead
    {
        get => _lookahead;
        set
        {
            if (value < 0 || value > MaxLookahead) throw new ArgumentOutOfRangeException(nameof(value), "lookahead is 0, 1 or 2 frames");
            _lookahead = value;
            Reset();
        }
    }

    public int LatencySamples => HopSize * (2 + _lookahead);
    public int AlgorithmicLatencySamples => HopSize * (1 + _lookahead);

    /// <summary>0..1: the attenuation floor is Strength × 60 dB (docs/DESIGN.md §4). NaN is ignored.</summary>
    public float Strength { get; set { if (!float.IsNaN(value)) field = Math.Clamp(value, 0f, 1f); } } = 1f;

    /// <summary>0..1: amount of the envelope post-filter warp (docs/DESIGN.md §4). NaN is ignored.</summary>
    public float PostFilterAmount { get; set { if (!float.IsNaN(value)) field = Math.Clamp(value, 0f, 1f); } } = 1f;

    public void Reset()
    {
        _analyzer.Reset();
        _synthesizer.Reset();
        _source.Reset();
        foreach (var f in _frames) f.Clear();
        Array.Clear(_inHop); Array.Clear(_outHop);
        _fifoPos = 0;
        _hopCount = 0;
        _strengthSmoothed = Strength;
        _postFilterSmoothed = PostFilterAmount;
    }

    /// <summary>
    /// Processes any number of samples (0..n); output[i] is the enhanced input delayed by
    /// <see cref="LatencySamples"/>. Non-finite input samples are replaced by silence and denormals by
    /// zero, so the stream always recovers. In-place (same span) is allowed.
    /// </summary>
    public void Process(ReadOnlySpan<float> input, Span<float> output)
    {
        int n = Math.Min(input.Length, output.Length);
        int i = 0;
        while (i < n)
        {
            int take = Math.Min(HopSize - _fifoPos, n - i);
            for (int j = 0; j < take; j++)
            {
                float x = input[i + j];
                _inHop[_fifoPos + j] = float.IsFinite(x) && MathF.Abs(x) >= 1e-30f ? x : 0f;
                output[i + j] = _outHop[_fifoPos + j];
            }
            _fifoPos += take;
            i += take;
            if (_fifoPos == HopSize)
            {
                ProcessHop(_inHop, _outHop);
                _fifoPos = 0;
            }
        }
    }

    /// <summary>One frame-synchronous hop: 480 samples in, 480 out, delayed by <see cref="AlgorithmicLatencySamples"/>.</summary>
    public void ProcessHop(ReadOnlySpan<float> hop, Span<float> output)
    {
        _analyzer.PushHop(hop);
        var newest = _frames[_hopCount % _frames.Length];
        _analyzer.Analyze(newest);
        _source.Estimate(newest, _lookahead, _gains, _strengths);

        _strengthSmoothed += ParameterSmoothing * (Strength - _strengthSmoothed);
        _postFilterSmoothed += ParameterSmoothing * (PostFilterAmount - _postFilterSmoothed);
        var target = _frames[(_hopCount - _lookahead + _frames.Length * 4L) % _frames.Length];
        PostFilter.Apply(_gains, target.EnergyX, _postFilterSmoothed, PostFilter.FloorGain(_strengthSmoothed * MaxAttenuationDb));
        // Strength also scales the comb mix, so Strength = 0 is bypass-like (docs/DESIGN.md §4).
        for (int b = 0; b < _strengths.Length; b++) _strengths[b] *= _strengthSmoothed;
        if (_hopCount < _lookahead) target.Clear(); // frames before the stream start are silence
        _synthesizer.Synthesize(target, _gains, _strengths, output);
        _hopCount++;
    }
}
