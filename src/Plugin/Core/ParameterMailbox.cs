namespace PercepNet.Plugin.Core;

/// <summary>
/// Hands parameter values from the main thread (state loads, a controller's edits) to the audio thread without a
/// lock. The main thread publishes an immutable snapshot of every value it has posted and the audio thread has not
/// yet taken, swapping it in with a compare-and-swap (merging with a snapshot still waiting); the audio thread
/// takes the whole snapshot with one atomic exchange at the start of a block. So the audio thread sees a state load
/// whole or not at all, never half of one, and never between two samples of a block. Only the main thread
/// allocates (a new snapshot per post); taking never allocates, locks or waits.
/// </summary>
sealed class ParameterMailbox
{
    /// <summary>Values posted since the audio thread last took them: <see cref="Values"/>[i] counts where bit i of
    /// <see cref="Posted"/> is set. Never changed once published.</summary>
    public sealed class Snapshot
    {
        public readonly double[] Values = new double[Parameters.Count];
        public ulong Posted;
    }

    Snapshot? _waiting;

    /// <summary>The mask of every parameter (a state load).</summary>
    public static readonly ulong Every = (1UL << Parameters.Count) - 1;

    /// <summary>Main thread: posts the values whose bit is set in <paramref name="posted"/> at once (one value, a state
    /// load, a preset), to be taken as one; a later post of the same parameter replaces it.</summary>
    public void Post(ReadOnlySpan<double> values, ulong posted)
    {
        while (true)
        {
            var waiting = Volatile.Read(ref _waiting);
            var next = new Snapshot();
            if (waiting is not null)
            {
                waiting.Values.CopyTo(next.Values, 0);
                next.Posted = waiting.Posted;
            }
            for (int i = 0; i < Parameters.Count; i++)
                if ((posted & (1UL << i)) != 0) next.Values[i] = values[i];
            next.Posted |= posted;
            if (ReferenceEquals(Interlocked.CompareExchange(ref _waiting, next, waiting), waiting)) return;
        }
    }

    /// <summary>Main thread: the value posted for a parameter and not yet taken, if any.</summary>
    public bool TryPeek(int index, out double value)
    {
        var waiting = Volatile.Read(ref _waiting);
        value = waiting?.Values[index] ?? 0;
        return waiting is not null && (waiting.Posted & (1UL << index)) != 0;
    }

    /// <summary>Audio thread (or the main thread while no audio runs): everything posted so far, or null.</summary>
    public Snapshot? Take() => Interlocked.Exchange(ref _waiting, null);
}
