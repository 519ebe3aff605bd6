using PercepNet.Engine.Dsp;

namespace PercepNet.Engine;

/// <summary>
/// The final band gains and comb strengths of recent hops, written by the enhancer that decides them for a linked
/// stereo pair (the mid signal's) and read, hop by hop, by the two enhancers that apply them (docs/ARCHITECTURE.md
/// "Stereo link"). All three count hops from the same reset, so a hop number names the same 10 ms in each. The
/// writer runs a piece of audio before the readers run the same piece, so it is ahead by at most the hops in one
/// piece: the ring holds that many. Each slot remembers its hop number, so a reader that is out of step (a reset
/// of one engine but not the others) finds no entry and decides for itself instead of applying another hop's gains.
/// Single-threaded (the audio thread); allocation-free after construction.
/// </summary>
public sealed class LinkedHopGains
{
    private readonly float[] _gains, _strengths;
    private readonly long[] _hops;

    /// <param name="capacityHops">Hops the writer may be ahead of the readers, plus one.</param>
    public LinkedHopGains(int capacityHops)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacityHops, 1);
        _gains = new float[capacityHops * ErbBands.Count];
        _strengths = new float[capacityHops * ErbBands.Count];
        _hops = new long[capacityHops];
        Reset();
    }

    public int CapacityHops => _hops.Length;

    /// <summary>Forgets every entry (readers then decide for themselves until the writer has written again).</summary>
    public void Reset() => Array.Fill(_hops, -1L);

    public void Write(long hop, ReadOnlySpan<float> gains, ReadOnlySpan<float> strengths)
    {
        int slot = (int)(hop % _hops.Length);
        gains.CopyTo(_gains.AsSpan(slot * ErbBands.Count, ErbBands.Count));
        strengths.CopyTo(_strengths.AsSpan(slot * ErbBands.Count, ErbBands.Count));
        _hops[slot] = hop;
    }

    /// <summary>Copies the entry of <paramref name="hop"/>; false (nothing copied) when the ring does not hold it.</summary>
    public bool TryRead(long hop, Span<float> gains, Span<float> strengths)
    {
        int slot = (int)(hop % _hops.Length);
        if (_hops[slot] != hop) return false;
        _gains.AsSpan(slot * ErbBands.Count, ErbBands.Count).CopyTo(gains);
        _strengths.AsSpan(slot * ErbBands.Count, ErbBands.Count).CopyTo(strengths);
        return true;
    }
}
