namespace PercepNet.Engine.Processing;

/// <summary>
/// Links two channels so that one set of band gains and comb strengths per hop is applied to both, and the stereo
/// image stays where it was (issue 21). The set is decided by a third enhancer, <see cref="Mid"/>, from the mid signal
/// (L + R) / 2: the network then sees one voice as in training, with both channels' energy (a source panned to one
/// side still counts at −6 dB rather than being averaged away band by band), and runs once instead of twice. Each
/// channel keeps its own analysis and synthesis (its spectrum, its pitch-filtered spectrum), only the gains are
/// shared, so a right channel that is the left at −6 dB comes out as the left at −6 dB.
/// <para>
/// Order per piece of audio (at most <see cref="ChannelProcessor.ChunkFrames"/> frames): <see cref="Feed"/> both
/// inputs, then run each channel's <see cref="ChannelProcessor.Process"/> over the same frames. The three processors
/// run at the same rate and latency and are reset together, so their hops line up; a hop whose shared gains are
/// missing (engines reset apart) is decided by the channel itself for that hop. Allocation-free after construction.
/// </para>
/// <para>
/// <see cref="Enabled"/> off: the channels decide their gains as without a link (each equals a mono render of that
/// channel) and the mid enhancer only keeps its input history. Switching while playing needs no reset; the network
/// that takes over resumes from the state it had when it last ran, and settles within a few hops.
/// </para>
/// </summary>
public sealed class StereoLink
{
    private readonly ChannelProcessor _left, _right;
    private readonly float[] _mid = new float[ChannelProcessor.ChunkFrames];

    /// <param name="mid">A processor built like the channels (same model, rate, lookahead), used only for its gains.</param>
    public StereoLink(ChannelProcessor left, ChannelProcessor right, ChannelProcessor mid)
    {
        _left = left ?? throw new ArgumentNullException(nameof(left));
        _right = right ?? throw new ArgumentNullException(nameof(right));
        Mid = mid ?? throw new ArgumentNullException(nameof(mid));
        if (left.SampleRate != mid.SampleRate || right.SampleRate != mid.SampleRate)
            throw new ArgumentException("the linked channels and the mid processor must run at one sample rate");
        // The mid processor is one piece ahead of the channels: the hops of one piece at this rate, plus the hop each
        // side may be part-way through.
        int hopsPerPiece = (int)Math.Ceiling(ChannelProcessor.ChunkFrames * HostRateAdapter.InternalRate / mid.SampleRate / SpeechEnhancer.HopSize);
        Gains = new LinkedHopGains(hopsPerPiece + 3);
        Mid.Enhancer.JoinLink(Gains, SpeechEnhancer.LinkRole.Decides);
        _left.Enhancer.JoinLink(Gains, SpeechEnhancer.LinkRole.Follows);
        _right.Enhancer.JoinLink(Gains, SpeechEnhancer.LinkRole.Follows);
    }

    /// <summary>The processor that decides the pair's gains; parameters, lookahead and resets must reach it as they
    /// reach the channels.</summary>
    public ChannelProcessor Mid { get; }

    public LinkedHopGains Gains { get; }

    /// <summary>On: shared gains. Off: independent channels. Takes effect at the next hop.</summary>
    public bool Enabled
    {
        get => Mid.Enhancer.Linked;
        set
        {
            Mid.Enhancer.Linked = value;
            _left.Enhancer.Linked = value;
            _right.Enhancer.Linked = value;
        }
    }

    /// <summary>Resets the mid processor and forgets the shared gains; reset the channels with it.</summary>
    public void Reset()
    {
        Mid.Reset();
        Gains.Reset();
    }

    /// <summary>Runs the mid signal of a piece (at most <see cref="ChannelProcessor.ChunkFrames"/> frames) before the
    /// channels run it. Equal lengths.</summary>
    public void Feed(ReadOnlySpan<float> left, ReadOnlySpan<float> right)
    {
        int n = Math.Min(Math.Min(left.Length, right.Length), _mid.Length);
        var mid = _mid.AsSpan(0, n);
        for (int i = 0; i < n; i++) mid[i] = 0.5f * (left[i] + right[i]);
        Mid.Process(mid, mid);
    }
}
