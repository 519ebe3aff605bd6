using PercepNet.Engine.Dsp;

namespace PercepNet.Engine.Processing;

/// <summary>
/// One channel at any host rate (docs/ENGINE_API.md): host → 48 kHz → <see cref="HopAdapter"/> → host,
/// with equal in/out counts per call and a fixed latency of <see cref="LatencySamples"/> host
/// samples, exact. The dry path is delayed by that same latency, so the dry/wet mix never combs and
/// bypass (a 10 ms crossfade to the dry path) is click-free and latency-equal. Used by both the
/// plugin and the CLI so that they produce the same audio.
/// <para>
/// Parameters: AttenuationLimitDb and PostFilterAmount go to the enhancer, which applies them per hop, smoothed;
/// DryWet is smoothed per sample (10 ms time constant); changing Lookahead resets the stream
/// and changes the latency (the host must be asked to restart). The enhancer keeps running while
/// bypassed so that leaving bypass fades into a warmed-up wet path.
/// </para>
/// <para>
/// Rates: 1 kHz … 768 kHz are all processed (resampled to 48 kHz and back); below 48 kHz only the
/// host's band exists, above it the band beyond 0.9 × 24 kHz is removed from the wet path (the dry
/// path keeps it). Process never allocates, locks or throws; NaN/Inf input is silence for that stretch.
/// This is the one place input is sanitized: both paths and everything downstream see finite samples.
/// </para>
/// </summary>
public sealed class ChannelProcessor
{
    public const double MinSampleRate = 1000, MaxSampleRate = 768000;

    /// <summary>The longest piece of a call that runs through the chain at once; every buffer on the way is sized for
    /// it, and longer calls are cut into such pieces (which changes nothing in the output).</summary>
    public const int ChunkFrames = 4096;

    private const double DryWetTimeConstantSeconds = 0.010;
    private const double BypassFadeSeconds = 0.010;

    private readonly SpeechEnhancer _enhancer;
    private readonly HostRateAdapter _wetPath;
    private readonly DelayLine _dryPath;
    private readonly float[] _clean = new float[ChunkFrames], _dry = new float[ChunkFrames], _wet = new float[ChunkFrames];
    private readonly Smoother _dryWet;
    private readonly Smoother _bypassMix;     // 0 = processed, 1 = bypassed (dry)
    private bool _fresh = true;               // settings made before the first block after a reset apply at once

    /// <summary>The product's processor: the trained network as the enhancer's gain source (docs/ENGINE_API.md).</summary>
    public ChannelProcessor(Inference.PercepNetModel model, double sampleRate, int lookahead = 1)
        : this(new SpeechEnhancer(model, Math.Clamp(lookahead, 0, SpeechEnhancer.MaxLookahead)), sampleRate)
    {
    }

    /// <summary>Any block length is accepted by <see cref="Process"/>: it cuts long ones into <see cref="ChunkFrames"/> pieces.</summary>
    public ChannelProcessor(SpeechEnhancer enhancer, double sampleRate)
    {
        ArgumentNullException.ThrowIfNull(enhancer);
        if (!(sampleRate >= MinSampleRate && sampleRate <= MaxSampleRate))
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, $"sample rate must be within {MinSampleRate} … {MaxSampleRate} Hz");
        SampleRate = sampleRate;
        _enhancer = enhancer;
        _wetPath = new HostRateAdapter(sampleRate, new HopAdapter(enhancer), ChunkFrames);
        // The dry delay is sized once for the longest lookahead, so a lookahead change never allocates.
        _dryPath = new DelayLine(_wetPath.LatencyFor(HopAdapter.LatencyFor(SpeechEnhancer.MaxLookahead)));
        _dryWet = Smoother.Exponential(DryWetTimeConstantSeconds, sampleRate, 1f);
        _bypassMix = Smoother.Linear(BypassFadeSeconds, sampleRate, 0f);
        ApplyLatency();
    }

    public double SampleRate { get; }

    /// <summary>The enhancer this channel runs (a <see cref="StereoLink"/> joins it to a pair).</summary>
    public SpeechEnhancer Enhancer => _enhancer;

    /// <summary>Delay from input to output in host samples, resampler delays included. Exact.</summary>
    public int LatencySamples => _wetPath.LatencySamples;

    /// <summary>0..60 dB: how far the enhancer may attenuate (see <see cref="SpeechEnhancer.AttenuationLimitDb"/>). NaN is ignored.</summary>
    public double AttenuationLimitDb { get => _enhancer.AttenuationLimitDb; set => _enhancer.AttenuationLimitDb = value; }

    /// <summary>What the enhancer takes away now, in dB (<see cref="SpeechEnhancer.GainReductionDb"/>): the wet path's
    /// reduction, whatever the dry/wet mix and bypass (a meter of the suppressor, as a compressor's shows its gain
    /// reduction with its mix knob turned down).</summary>
    public float GainReductionDb => _enhancer.GainReductionDb;

    /// <summary>0..1, amount of the envelope post-filter. NaN is ignored.</summary>
    public float PostFilterAmount { get => _enhancer.PostFilterAmount; set => _enhancer.PostFilterAmount = value; }

    /// <summary>0 = dry only … 1 = processed only (default). NaN is ignored.</summary>
    public float DryWet
    {
        get => _dryWet.Target;
        set { if (!float.IsNaN(value)) _dryWet.Target = Math.Clamp(value, 0f, 1f); }
    }

    /// <summary>Crossfades (10 ms) to the latency-aligned dry signal; the latency does not change.</summary>
    public bool Bypass
    {
        get => _bypassMix.Target == 1f;
        set => _bypassMix.Target = value ? 1f : 0f;
    }

    /// <summary>0..2 frames (clamped). A change resets the stream and changes <see cref="LatencySamples"/>.</summary>
    public int Lookahead
    {
        get => _enhancer.Lookahead;
        set
        {
            int lookahead = Math.Clamp(value, 0, SpeechEnhancer.MaxLookahead);
            if (lookahead == _enhancer.Lookahead) return;
            _enhancer.Lookahead = lookahead;
            ApplyLatency();
        }
    }

    public void Reset()
    {
        _wetPath.Reset();
        _dryPath.Reset();
        _fresh = true;
    }

    /// <summary>Equal lengths, any length including 0; in-place (same buffer) allowed.</summary>
    public void Process(ReadOnlySpan<float> input, Span<float> output)
    {
        int total = Math.Min(input.Length, output.Length);
        if (_fresh && total > 0)
        {
            _dryWet.Reset();
            _bypassMix.Reset();
            _fresh = false;
        }
        for (int done = 0; done < total; done += ChunkFrames)
        {
            int n = Math.Min(ChunkFrames, total - done);
            var clean = _clean.AsSpan(0, n);
            var dry = _dry.AsSpan(0, n);
            var wet = _wet.AsSpan(0, n);
            SampleGuard.CopySanitized(input.Slice(done, n), clean);
            _dryPath.Process(clean, dry);
            _wetPath.Process(clean, wet);
            Mix(dry, wet, output.Slice(done, n));
        }
    }

    private void Mix(ReadOnlySpan<float> dry, ReadOnlySpan<float> wet, Span<float> output)
    {
        for (int i = 0; i < output.Length; i++)
        {
            float dryWet = _dryWet.Next();
            float wetWeight = dryWet * (1f - _bypassMix.Next());
            output[i] = SampleGuard.Limit(dry[i] + wetWeight * (wet[i] - dry[i]));
        }
        _dryWet.SettleWithin(1e-6f);
    }

    private void ApplyLatency()
    {
        _wetPath.Configure();
        _dryPath.Delay = _wetPath.LatencySamples;
        Reset();
    }
}
