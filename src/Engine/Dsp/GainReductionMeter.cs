namespace PercepNet.Engine.Dsp;

/// <summary>
/// How much the enhancer takes away right now, in dB, for a host's meter and the CLI's report (issue 21): per hop,
/// the ratio of the input's energy to the output's in the bands that carry speech (band peaks 200 Hz … 5 kHz; rumble
/// and hiss outside them would otherwise dominate a reading meant to say what happens to a voice), from the final
/// band gains: 10·log10(Σ E_b / Σ g_b²·E_b). Weighting by energy makes it the level drop a listener hears, not an
/// average of band gains, so a clean voice whose loud bands pass reads near 0 dB although quiet bands between its
/// harmonics are lowered. It is then smoothed as a compressor's gain-reduction meter is: it rises at once (no attack
/// smoothing) so a rise in suppression shows in the hop it is applied, and falls with a short release (20 ms: 92 % of a
/// fall within 50 ms) so it falls back within a few hops when speech starts. Digital silence reads 0 dB (nothing is
/// taken away). Allocation-free; the audio thread's.
///
/// Why no attack: when a voice stops over continuing noise, the reading can rise only as fast as the gains of the
/// frames being synthesised do: 10 ms per lookahead frame, one hop of block buffering and the 20 ms frames that still
/// hold the voice come first. A 10 ms attack added one more hop to that (real dev speech cut off over real dev noise,
/// lookahead 1: +3 dB after a median 50 ms of input, 40 ms without it; docs/CLI.md, "The gain-reduction meter's timing").
/// </summary>
public sealed class GainReductionMeter
{
    /// <summary>0: a higher reduction is shown in the hop it happens.</summary>
    public const double AttackSeconds = 0, ReleaseSeconds = 0.020;
    public const double SpeechLowHz = 200, SpeechHighHz = 5000;

    /// <summary>Band energy below which a frame counts as silence (about −100 dBFS for a full-band signal).</summary>
    private const double SilentEnergy = 1e-6;

    private readonly bool[] _speechBand = new bool[ErbBands.Count];
    private readonly float _attack, _release;
    /// <summary>Readings over the stream, for reports: a histogram in 0.1 dB steps (0 … 60 dB, the most any limit
    /// allows) and their sum. Only hops with sound count: silence has nothing to reduce.</summary>
    private readonly long[] _histogram = new long[HistogramSteps + 1];
    private const int HistogramSteps = 600;
    private const float HistogramStepDb = 0.1f;
    private double _sum;
    private long _count;
    private float _value;

    public GainReductionMeter(ErbBands bands, double hopsPerSecond)
    {
        double binHz = (double)SpeechEnhancer.SampleRate / FrameAnalyzer.FrameSize;
        for (int b = 0; b < ErbBands.Count; b++)
        {
            double peak = bands.Edges[b] * binHz;
            _speechBand[b] = peak >= SpeechLowHz && peak <= SpeechHighHz;
        }
        _attack = AttackSeconds <= 0 ? 1f : (float)(1 - Math.Exp(-1 / (AttackSeconds * hopsPerSecond)));
        _release = (float)(1 - Math.Exp(-1 / (ReleaseSeconds * hopsPerSecond)));
    }

    /// <summary>The smoothed reduction, ≥ 0 dB.</summary>
    public float Db => _value;

    /// <summary>Clears the reading (a new stream); the statistics go on (<see cref="ClearStatistics"/>).</summary>
    public void Reset() => _value = 0;

    public void ClearStatistics()
    {
        Array.Clear(_histogram);
        _sum = 0;
        _count = 0;
    }

    /// <summary>Hops with sound so far.</summary>
    public long Count => _count;

    /// <summary>Mean reading over the hops with sound (0 when none).</summary>
    public double Mean => _count == 0 ? 0 : _sum / _count;

    /// <summary>Adds this meter's readings to <paramref name="histogram"/> (length <see cref="HistogramLength"/>), so
    /// several channels' readings make one distribution.</summary>
    public void AddHistogramTo(Span<long> histogram)
    {
        for (int i = 0; i < _histogram.Length; i++) histogram[i] += _histogram[i];
    }

    public const int HistogramLength = HistogramSteps + 1;

    /// <summary>The reading that <paramref name="share"/> (0..1) of the counted hops do not exceed, from a histogram
    /// filled by <see cref="AddHistogramTo"/>, to the 0.1 dB step.</summary>
    public static double Percentile(ReadOnlySpan<long> histogram, double share)
    {
        long total = 0;
        foreach (long n in histogram) total += n;
        if (total == 0) return 0;
        long wanted = (long)Math.Ceiling(share * total), seen = 0;
        for (int i = 0; i < histogram.Length; i++)
        {
            seen += histogram[i];
            if (seen >= Math.Max(1, wanted)) return i * (double)HistogramStepDb;
        }
        return HistogramSteps * (double)HistogramStepDb;
    }

    /// <summary>One hop: the final gains and the input band energies of the frame they apply to.</summary>
    public void Update(ReadOnlySpan<float> gains, ReadOnlySpan<float> bandEnergy)
    {
        double input = 0, output = 0;
        for (int b = 0; b < gains.Length; b++)
        {
            if (!_speechBand[b]) continue;
            input += bandEnergy[b];
            output += (double)gains[b] * gains[b] * bandEnergy[b];
        }
        float now = input < SilentEnergy ? 0f : (float)Math.Max(0, 10 * Math.Log10(input / Math.Max(output, input * 1e-12)));
        _value += (now > _value ? _attack : _release) * (now - _value);
        if (input < SilentEnergy) return;
        _histogram[Math.Clamp((int)MathF.Round(_value / HistogramStepDb), 0, HistogramSteps)]++;
        _sum += _value;
        _count++;
    }
}
