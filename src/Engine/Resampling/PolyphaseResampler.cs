using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace PercepNet.Engine.Resampling;

/// <summary>
/// Streaming polyphase resampler for any rate pair. Output sample m is the band-limited input
/// evaluated at input time τ_m = (m·D − delay)/I (I/D = <see cref="Ratio"/>, delay in units of
/// 1/I input samples), so the group delay is exactly <see cref="DelayInInputSamples"/>.
/// Output m is emitted as soon as input ⌊m·D/I⌋ has arrived; after N inputs exactly ⌈N·I/D⌉
/// outputs exist, whatever the block sizes, and the output is bit-identical across block sizes.
/// Allocation-free after construction.
/// </summary>
public sealed class PolyphaseResampler
{
    private const int BlockCapacity = 4096;

    private readonly PolyphaseFilterBank _bank;
    private readonly long _up, _down;
    private readonly long _downWhole, _downRest;   // D = _downWhole·I + _downRest
    private readonly int _halfTaps;
    private readonly long _maxDelay;
    private readonly float[] _history;
    private readonly int _prefill;

    private long _delay, _delayWhole, _delayRest;
    private long _bufferStart;                    // absolute input index of _history[0] (negative while primed with zeros)
    private int _bufferCount;
    private long _nextWhole, _nextRest;           // m·D = _nextWhole·I + _nextRest for the next output m

    /// <param name="maxExtraDelay">How many input samples beyond the minimum delay <see cref="SetDelay"/> may add.</param>
    public PolyphaseResampler(double inputRate, double outputRate, double maxExtraDelay = 2,
        double stopbandDb = PolyphaseFilterBank.DefaultStopbandDb,
        double passbandFraction = PolyphaseFilterBank.DefaultPassbandFraction)
    {
        Ratio = RateRatio.Between(inputRate, outputRate);
        _bank = new PolyphaseFilterBank(Ratio, stopbandDb, passbandFraction);
        _up = Ratio.Interpolation;
        _down = Ratio.Decimation;
        _downWhole = _down / _up;
        _downRest = _down % _up;
        _halfTaps = _bank.TapCount / 2;
        MinimumDelay = _halfTaps * _up;
        int extraWhole = (int)Math.Ceiling(Math.Max(0, maxExtraDelay));
        _maxDelay = MinimumDelay + extraWhole * _up;
        _prefill = _bank.TapCount + extraWhole + 2;
        _history = new float[_prefill + _bank.TapCount + BlockCapacity];
        SetDelay(MinimumDelay);
    }

    public RateRatio Ratio { get; }

    public PolyphaseFilterBank FilterBank => _bank;

    /// <summary>Smallest delay (units of 1/I input samples) at which the resampler is causal: half the kernel.</summary>
    public long MinimumDelay { get; }

    /// <summary>Group delay in units of 1/<see cref="RateRatio.Interpolation"/> input samples.</summary>
    public long Delay => _delay;

    public double DelayInInputSamples => (double)_delay / _up;

    public double DelayInOutputSamples => (double)_delay / _down;

    /// <summary>Most outputs one call can produce from <paramref name="inputCount"/> inputs.</summary>
    public int MaxOutputCount(int inputCount) => (int)((inputCount * _up + _down - 1) / _down) + 1;

    /// <summary>Sets the group delay (clamped to [minimum, minimum + maxExtraDelay]) and resets the stream.</summary>
    public void SetDelay(long delay)
    {
        _delay = Math.Clamp(delay, MinimumDelay, _maxDelay);
        _delayWhole = _delay / _up;
        _delayRest = _delay % _up;
        Reset();
    }

    public void Reset()
    {
        Array.Clear(_history);
        _bufferStart = -_prefill;
        _bufferCount = _prefill;
        _nextWhole = 0;
        _nextRest = 0;
    }

    /// <summary>
    /// Consumes input and writes the outputs it makes available. Stops early, with
    /// <paramref name="consumed"/> &lt; input.Length, only when <paramref name="output"/> is full;
    /// an output of <see cref="MaxOutputCount"/>(input.Length) always takes everything.
    /// </summary>
    /// <returns>Number of samples written to <paramref name="output"/>.</returns>
    public int Process(ReadOnlySpan<float> input, Span<float> output, out int consumed)
    {
        int written = 0;
        consumed = 0;
        while (true)
        {
            written += EmitAvailable(output[written..]);
            if (written == output.Length && _nextWhole < _bufferStart + _bufferCount) break; // output full, outputs pending
            if (consumed == input.Length) break;
            Compact();
            int take = Math.Min(input.Length - consumed, _history.Length - _bufferCount);
            input.Slice(consumed, take).CopyTo(_history.AsSpan(_bufferCount));
            _bufferCount += take;
            consumed += take;
        }
        return written;
    }

    private int EmitAvailable(Span<float> output)
    {
        long received = _bufferStart + _bufferCount;
        int n = 0;
        while (n < output.Length && _nextWhole < received)
        {
            // τ_m = (m·D − delay)/I = k0 + rest/I
            long k0 = _nextWhole - _delayWhole, rest = _nextRest - _delayRest;
            if (rest < 0) { rest += _up; k0--; }
            var window = _history.AsSpan((int)(k0 - _halfTaps + 1 - _bufferStart), _bank.TapCount);
            output[n++] = Evaluate(window, rest);

            _nextWhole += _downWhole;
            _nextRest += _downRest;
            if (_nextRest >= _up) { _nextRest -= _up; _nextWhole++; }
        }
        return n;
    }

    private float Evaluate(ReadOnlySpan<float> window, long rest)
    {
        if (_bank.IsExact) return Dot(_bank.Row((int)rest), window);
        long scaled = rest * _bank.PhaseCount;
        int row = (int)(scaled / _up);
        float alpha = (float)((double)(scaled % _up) / _up);
        float a = Dot(_bank.Row(row), window);
        float b = Dot(_bank.Row(row + 1), window);
        return a + alpha * (b - a);
    }

    /// <summary>Σ taps·x over a row; rows are whole multiples of 8 taps. Two accumulators hide the add latency.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Dot(ReadOnlySpan<float> taps, ReadOnlySpan<float> x)
    {
        ref float t = ref MemoryMarshal.GetReference(taps);
        ref float s = ref MemoryMarshal.GetReference(x);
        int n = taps.Length, i = 0;
        float sum = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> a0 = Vector256<float>.Zero, a1 = Vector256<float>.Zero;
            for (; i + 16 <= n; i += 16)
            {
                a0 += Vector256.LoadUnsafe(ref t, (nuint)i) * Vector256.LoadUnsafe(ref s, (nuint)i);
                a1 += Vector256.LoadUnsafe(ref t, (nuint)(i + 8)) * Vector256.LoadUnsafe(ref s, (nuint)(i + 8));
            }
            for (; i + 8 <= n; i += 8) a0 += Vector256.LoadUnsafe(ref t, (nuint)i) * Vector256.LoadUnsafe(ref s, (nuint)i);
            sum = Vector256.Sum(a0 + a1);
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            Vector128<float> a0 = Vector128<float>.Zero, a1 = Vector128<float>.Zero;
            for (; i + 8 <= n; i += 8)
            {
                a0 += Vector128.LoadUnsafe(ref t, (nuint)i) * Vector128.LoadUnsafe(ref s, (nuint)i);
                a1 += Vector128.LoadUnsafe(ref t, (nuint)(i + 4)) * Vector128.LoadUnsafe(ref s, (nuint)(i + 4));
            }
            sum = Vector128.Sum(a0 + a1);
        }
        for (; i < n; i++) sum += Unsafe.Add(ref t, i) * Unsafe.Add(ref s, i);
        return sum;
    }

    /// <summary>Drops history that no future output can reach.</summary>
    private void Compact()
    {
        long k0 = _nextWhole - _delayWhole - 1;                        // lowest k0 the next output can have
        long keepFrom = k0 - _halfTaps + 1;
        int drop = (int)Math.Clamp(keepFrom - _bufferStart, 0, _bufferCount);
        if (drop < BlockCapacity / 2 && _bufferCount < _history.Length) return; // cheap: only move when worthwhile
        _history.AsSpan(drop, _bufferCount - drop).CopyTo(_history);
        _bufferStart += drop;
        _bufferCount -= drop;
    }
}
