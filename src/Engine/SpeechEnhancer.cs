using PercepNet.Engine.Dsp;

namespace PercepNet.Engine;

/// <summary>
/// 48 kHz mono enhancer, one 480-sample hop at a time (docs/DESIGN.md §2): per hop the newest frame is analysed,
/// the gain source (network) decides gains for the frame <see cref="Lookahead"/> hops back, the post-filter and
/// floor are applied, and that frame is resynthesised. Allocation-free after construction.
///
/// Latency: a 960-sample window at a 480 hop completes a hop of output when the frame after it is analysed, so
/// <see cref="ProcessHop"/> returns its input delayed by 480·(1 + L) samples (<see cref="AlgorithmicLatencySamples"/>,
/// docs/DESIGN.md's 10/20/30 ms). Streams of any block size go through <see cref="Processing.HopAdapter"/>, which
/// gathers the hops and adds one hop of delay for that.
/// </summary>
public sealed partial class SpeechEnhancer
{
    public const int SampleRate = 48000;
    public const int HopSize = FrameAnalyzer.HopSize;
    public const int MaxLookahead = 2;
    public const float MaxAttenuationDb = 60f;
    /// <summary>Time constant of the per-hop glide of the attenuation limit and the post-filter amount (≈ 28 ms): this value makes each
    /// hop's step 0.3 of the remaining distance, the smoothing the engine was tuned and its renders made with.</summary>
    private const double ParameterTimeConstantSeconds = 0.028036732520571;
    private const double HopsPerSecond = (double)SampleRate / HopSize;

    private readonly IFrameGainSource _source;
    private readonly ErbBands _bands = new();
    private readonly FrameAnalyzer _analyzer;
    private readonly FrameSynthesizer _synthesizer;
    private readonly FrameAnalysis[] _frames = new FrameAnalysis[MaxLookahead + 1];
    private readonly float[] _gains = new float[ErbBands.Count];
    /// <summary>The pitch (comb) filter strengths r_b of the frame being synthesised.</summary>
    private readonly float[] _combStrengths = new float[ErbBands.Count];
    private long _hopCount;
    private int _lookahead;
    /// <summary>The attenuation limit as a share of <see cref="MaxAttenuationDb"/> (0..1): the unit the floor and the
    /// comb mix are computed in, so every limit in dB gives the same samples as the equal share always has.</summary>
    private readonly Smoother _limitShare = Smoother.Exponential(ParameterTimeConstantSeconds, HopsPerSecond, 1f);
    private readonly Smoother _postFilter = Smoother.Exponential(ParameterTimeConstantSeconds, HopsPerSecond, 1f);

    public SpeechEnhancer(IFrameGainSource source, int lookahead = 1)
    {
        _source = source ?? throw new ArgumentNullException(nameof(source));
        _analyzer = new FrameAnalyzer(_bands);
        _synthesizer = new FrameSynthesizer(_bands, _analyzer.Window);
        for (int i = 0; i < _frames.Length; i++) _frames[i] = new FrameAnalysis();
        Lookahead = lookahead;
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

    /// <summary>Delay of <see cref="ProcessHop"/> in samples at the current lookahead.</summary>
    public int AlgorithmicLatencySamples => AlgorithmicLatencyFor(_lookahead);

    /// <summary>Delay of <see cref="ProcessHop"/> at a lookahead: one hop of window overlap plus one hop per lookahead frame.</summary>
    public static int AlgorithmicLatencyFor(int lookahead) => HopSize * (1 + lookahead);

    /// <summary>
    /// 0..60 dB, default 60: how far any band may be attenuated (the floor on the gains, as DeepFilterNet's
    /// atten_lim_db; docs/DESIGN.md §4). It also scales the comb filter's strengths r_b, so 0 dB is bypass-like.
    /// Glides per hop. NaN is ignored.
    /// </summary>
    public double AttenuationLimitDb
    {
        get => _limitShare.Target * (double)MaxAttenuationDb;
        set { if (!double.IsNaN(value)) _limitShare.Target = (float)(Math.Clamp(value, 0, MaxAttenuationDb) / MaxAttenuationDb); }
    }

    /// <summary>0..1: amount of the envelope post-filter warp (docs/DESIGN.md §4). NaN is ignored.</summary>
    public float PostFilterAmount
    {
        get => _postFilter.Target;
        set { if (!float.IsNaN(value)) _postFilter.Target = Math.Clamp(value, 0f, 1f); }
    }

    public void Reset()
    {
        _analyzer.Reset();
        _synthesizer.Reset();
        _source.Reset();
        foreach (var f in _frames) f.Clear();
        _hopCount = 0;
        _limitShare.Reset();
        _postFilter.Reset();
    }

    /// <summary>One frame-synchronous hop: 480 finite samples in, 480 out, delayed by <see cref="AlgorithmicLatencySamples"/>.</summary>
    public void ProcessHop(ReadOnlySpan<float> hop, Span<float> output)
    {
        _analyzer.PushHop(hop);
        var newest = _frames[_hopCount % _frames.Length];
        _analyzer.Analyze(newest);
        _source.Estimate(newest, _lookahead, _gains, _combStrengths);

        float limitShare = _limitShare.Next(), postFilter = _postFilter.Next();
        var target = _frames[(_hopCount - _lookahead + _frames.Length * 4L) % _frames.Length];
        PostFilter.Apply(_gains, target.EnergyX, postFilter, PostFilter.FloorGain(limitShare * MaxAttenuationDb));
        // The comb filter removes what lies between the harmonics, i.e. it attenuates too: the limit scales it, so
        // a limit of 0 dB leaves the signal as it came (docs/DESIGN.md §4).
        for (int b = 0; b < _combStrengths.Length; b++) _combStrengths[b] *= limitShare;
        if (_hopCount < _lookahead) target.Clear(); // frames before the stream start are silence
        _synthesizer.Synthesize(target, _gains, _combStrengths, output);
        _hopCount++;
    }
}
