using PercepNet.Engine.Processing;

namespace PercepNet.Plugin.Core;

/// <summary>
/// Switches the running engines from one model to the other without a gap: the incoming engines start from
/// silence (their history is stale) and process the same input beside the outgoing ones while they fill their
/// latency and the network settles, then the output fades across. Both sets run only during the switch.
/// Buffers are made at construction (activation); <see cref="Process"/> never allocates.
/// </summary>
sealed class ModelCrossfade(int channelCount, int chunkFrames)
{
    /// <summary>Samples after the incoming engines' latency before the fade starts: about 100 ms at 48 kHz for the
    /// network's state to settle on the signal.</summary>
    public const int SettleSamples = 4800;
    /// <summary>Length of the equal-gain fade: 20 ms at 48 kHz, short enough to hide in speech, long enough not to click.</summary>
    public const int FadeSamples = 960;

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
        _fadeStart = incoming.Length > 0 ? incoming[0].LatencySamples + SettleSamples : 0;
        Array.Clear(_position);
    }

    public void Cancel() => _incoming = null;

    /// <summary>True once every channel has passed the end of the fade: the incoming engines can take over.</summary>
    public bool Done
    {
        get
        {
            if (_incoming is null) return false;
            for (int c = 0; c < _incoming.Length; c++)
                if (_position[c] < _fadeStart + FadeSamples) return false;
            return true;
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
                float w = t < _fadeStart ? 0f : t >= _fadeStart + FadeSamples ? 1f : (float)(t - _fadeStart) / FadeSamples;
                o[i] += w * (scratch[i] - o[i]);
            }
            _position[channel] = t;
        }
    }
}
