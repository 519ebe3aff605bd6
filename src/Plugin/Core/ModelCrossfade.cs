using PercepNet.Engine.Processing;

namespace PercepNet.Plugin.Core;

/// <summary>
/// Switches the running engines from one model to the other without a gap: the incoming engines start from
/// silence (their history is stale) and process the same input beside the outgoing ones while they fill their
/// latency and the network settles, then the output fades across. Both sets run only during the switch.
/// Buffers are made at construction (activation); <see cref="Process"/> never allocates.
/// </summary>
sealed class ModelCrossfade(int channelCount, int chunkFrames, double sampleRate)
{
    /// <summary>Time after the incoming engines' latency before the fade starts, for the network's state to settle.</summary>
    public const double SettleSeconds = 0.1;
    /// <summary>Length of the linear fade: short enough to hide in speech, long enough not to click.</summary>
    public const double FadeSeconds = 0.02;

    readonly long _settleSamples = (long)Math.Round(SettleSeconds * sampleRate);
    readonly long _fadeSamples = Math.Max(1, (long)Math.Round(FadeSeconds * sampleRate));

    readonly float[][] _incomingOutput = Enumerable.Range(0, channelCount).Select(_ => new float[chunkFrames]).ToArray();
    readonly long[] _position = new long[channelCount];
    ChannelProcessor[]? _incoming;
    long _fadeStart;

    /// <summary>The engines being faded in, or null when no switch is under way.</summary>
    public ChannelProcessor[]? Incoming => _incoming;

    /// <summary>Starts a switch to <paramref name="incoming"/> (reset here); a switch under way is replaced.</summary>
    public void Begin(ChannelProcessor[] incoming)
    {
        foreach (var channel in incoming) channel.Reset();
        _incoming = incoming;
        _fadeStart = incoming.Length > 0 ? incoming[0].LatencySamples + _settleSamples : 0;
        Array.Clear(_position);
    }

    public void Cancel() => _incoming = null;

    /// <summary>True once the fade has begun on some channel: from then on the switch must run to its end, since
    /// stopping it would jump back to the outgoing engines' output.</summary>
    public bool Fading
    {
        get
        {
            if (_incoming is null) return false;
            foreach (long p in _position) if (p > _fadeStart) return true;
            return false;
        }
    }

    /// <summary>True once every channel the host has processed since <see cref="Begin"/> has passed the end of the
    /// fade: the incoming engines can take over. A channel the host never hands us (no buffer) does not hold it up.</summary>
    public bool Done
    {
        get
        {
            if (_incoming is null) return false;
            bool any = false;
            foreach (long p in _position)
            {
                if (p == 0) continue;
                if (p < _fadeStart + _fadeSamples) return false;
                any = true;
            }
            return any;
        }
    }

    /// <summary>
    /// Runs one channel's block through the outgoing engine (into <paramref name="output"/>) and the incoming one,
    /// and mixes them by the fade. In and out may be the same memory: each piece is read by both engines before
    /// the outgoing one writes it.
    /// </summary>
    public void Process(int channel, ChannelProcessor outgoing, ReadOnlySpan<float> input, Span<float> output)
    {
        var incoming = _incoming![channel];
        var scratch = _incomingOutput[channel];
        for (int done = 0; done < input.Length; done += scratch.Length)
        {
            int n = Math.Min(scratch.Length, input.Length - done);
            incoming.Process(input.Slice(done, n), scratch.AsSpan(0, n));
            var o = output.Slice(done, n);
            outgoing.Process(input.Slice(done, n), o);
            long t = _position[channel];
            for (int i = 0; i < n; i++, t++)
            {
                float w = t < _fadeStart ? 0f : t >= _fadeStart + _fadeSamples ? 1f : (float)(t - _fadeStart) / _fadeSamples;
                o[i] += w * (scratch[i] - o[i]);
            }
            _position[channel] = t;
        }
    }
}
