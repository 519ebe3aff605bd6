namespace PercepNet.Engine.Oracle;

/// <summary>
/// Whose pitch track drives the oracle's comb filters. The engine only ever has the noisy input's
/// (<see cref="Noisy"/>, what training and the ladder use); <see cref="Clean"/> tracks the clean speech
/// instead, so the ladder's comb rungs then show what a perfect tracker would be worth (issue 3).
/// </summary>
public enum PitchSource
{
    Noisy,
    Clean,
}
