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
    private readonly GainReductionMeter _meter;
    private LinkedHopGains? _link;
    private LinkRole _linkRole;

    /// <summary>What this enhancer does in a linked stereo pair (<see cref="Processing.StereoLink"/>).</summary>
    public enum LinkRole
    {
        /// <summary>Decides its own gains (mono, or a stereo channel with the link off).</summary>
        None,
        /// <summary>Runs on the mid signal and writes each hop's final gains and comb strengths for the pair; its audio
        /// output is not used, so it is not synthesised.</summary>
        Decides,
        /// <summary>A channel of the pair: applies the gains written for its hop to its own spectrum.</summary>
        Follows,
    }

    public SpeechEnhancer(IFrameGainSource source, int lookahead = 1)
    {
        _source = source ?? throw new ArgumentNullException(nameof(source));
        _analyzer = new FrameAnalyzer(_bands);
        _synthesizer = new FrameSynthesizer(_bands, _analyzer.Window);
        _meter = new GainReductionMeter(_bands, HopsPerSecond);
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

    /// <summary>Joins a linked pair (<see cref="Processing.StereoLink"/>), or leaves it with <see cref="LinkRole.None"/>.
    /// Main thread, before processing.</summary>
    public void JoinLink(LinkedHopGains? link, LinkRole role)
    {
        _link = role == LinkRole.None ? null : link ?? throw new ArgumentNullException(nameof(link));
        _linkRole = _link is null ? LinkRole.None : role;
    }

    /// <summary>Whether a pair's link is in force (per hop, no reset): off, the deciding enhancer only keeps its input
    /// history and each channel decides for itself, exactly as without a link.</summary>
    public bool Linked { get; set; } = true;

    /// <summary>The current attenuation of this channel's speech band in dB, smoothed like a compressor's meter
    /// (<see cref="GainReductionMeter"/>); 0 before any audio and for a link's mid enhancer, which applies nothing.</summary>
    public float GainReductionDb => _meter.Db;

    /// <summary>The meter itself, with its statistics over the stream (for reports).</summary>
    public GainReductionMeter Meter => _meter;

    public void Reset()
    {
        _meter.Reset();
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
        if (_linkRole == LinkRole.Decides && !Linked)
        {
            // Nobody reads this pair's gains while the link is off: keep the hop count and input history, skip the rest.
            output.Clear();
            _hopCount++;
            return;
        }
        var newest = _frames[_hopCount % _frames.Length];
        _analyzer.Analyze(newest);
        var target = _frames[(_hopCount - _lookahead + _frames.Length * 4L) % _frames.Length];
        if (!(_linkRole == LinkRole.Follows && Linked && _link!.TryRead(_hopCount, _gains, _combStrengths)))
            DecideGains(newest, target);
        if (_linkRole == LinkRole.Decides)
        {
            _link!.Write(_hopCount, _gains, _combStrengths);
            output.Clear();
            _hopCount++;
            return;
        }
        if (_hopCount < _lookahead) target.Clear(); // frames before the stream start are silence
        _meter.Update(_gains, target.EnergyX);
        _synthesizer.Synthesize(target, _gains, _combStrengths, output);
        _hopCount++;
    }

    /// <summary>The gains and comb strengths for <paramref name="target"/>: the source's estimate, post-filter, floor.</summary>
    private void DecideGains(FrameAnalysis newest, FrameAnalysis target)
    {
        _source.Estimate(newest, _lookahead, _gains, _combStrengths);
        float limitShare = _limitShare.Next(), postFilter = _postFilter.Next();
        PostFilter.Apply(_gains, target.EnergyX, postFilter, PostFilter.FloorGain(limitShare * MaxAttenuationDb));
        // The comb filter removes what lies between the harmonics, i.e. it attenuates too: the limit scales it, so
        // a limit of 0 dB leaves the signal as it came (docs/DESIGN.md §4).
        for (int b = 0; b < _combStrengths.Length; b++) _combStrengths[b] *= limitShare;
    }
}
