namespace PercepNet.Engine.Metrics;

/// <summary>Energy (Σ x², in double) of consecutive frames of a signal: the frame levels that the pause split
/// (<see cref="SpeechPauseError"/>), the oracle ladder's non-speech residual and the clean check's onsets judge by.</summary>
public static class FrameEnergy
{
    /// <summary>One value per whole frame of <paramref name="frameLength"/> samples; a last partial frame is left out.</summary>
    public static double[] Of(ReadOnlySpan<float> x, int frameLength)
    {
        var energy = new double[x.Length / frameLength];
        for (int f = 0; f < energy.Length; f++)
        {
            double e = 0;
            for (int i = f * frameLength; i < (f + 1) * frameLength; i++) e += (double)x[i] * x[i];
            energy[f] = e;
        }
        return energy;
    }
}
