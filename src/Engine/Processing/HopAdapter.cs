namespace PercepNet.Engine.Processing;

/// <summary>
/// Feeds a 48 kHz stream of any block size to <see cref="SpeechEnhancer.ProcessHop"/> in 480-sample hops and
/// returns the same number of samples (the idea of nih-plug's StftHelper): the enhancer keeps the hop, this class
/// the buffering. Each input sample goes into the hop being gathered while the output sample at the same position
/// of the previous hop's result comes out, so the buffering adds exactly one hop to the enhancer's
/// frame-synchronous delay, whatever the block sizes: <see cref="LatencySamples"/> = 480·(2 + lookahead).
/// <para>
/// Input must be finite: <see cref="ChannelProcessor"/> sanitizes it once, before the dry and the wet path split.
/// Allocation-free after construction; in-place (the same span for input and output) is allowed.
/// </para>
/// </summary>
public sealed class HopAdapter(SpeechEnhancer enhancer)
{
    public const int HopSize = SpeechEnhancer.HopSize;

    private readonly float[] _inHop = new float[HopSize];
    private readonly float[] _outHop = new float[HopSize];
    private int _position;

    public SpeechEnhancer Enhancer { get; } = enhancer ?? throw new ArgumentNullException(nameof(enhancer));

    /// <summary>Delay in 48 kHz samples from an input sample to its output at the enhancer's current lookahead.</summary>
    public int LatencySamples => LatencyFor(Enhancer.Lookahead);

    /// <summary>The delay at a given lookahead: the enhancer's frame-synchronous delay plus the hop being gathered.</summary>
    public static int LatencyFor(int lookahead) => SpeechEnhancer.AlgorithmicLatencyFor(lookahead) + HopSize;

    /// <summary>Clears the hop buffers and the enhancer's history; the next sample starts a new stream.</summary>
    public void Reset()
    {
        Enhancer.Reset();
        Array.Clear(_inHop);
        Array.Clear(_outHop);
        _position = 0;
    }

    /// <summary>Any number of samples (0..n); output[i] is the enhanced input delayed by <see cref="LatencySamples"/>.</summary>
    public void Process(ReadOnlySpan<float> input, Span<float> output)
    {
        int n = Math.Min(input.Length, output.Length);
        for (int i = 0; i < n;)
        {
            int take = Math.Min(HopSize - _position, n - i);
            for (int j = 0; j < take; j++)
            {
                // Read before write: input and output may be the same memory.
                _inHop[_position + j] = input[i + j];
                output[i + j] = _outHop[_position + j];
            }
            _position += take;
            i += take;
            if (_position == HopSize)
            {
                Enhancer.ProcessHop(_inHop, _outHop);
                _position = 0;
            }
        }
    }
}
