namespace PercepNet.Engine.Dsp;

/// <summary>
/// Vorbis-style sine-of-sine window of 960 samples (docs/DESIGN.md §2.1). It satisfies the
/// Princen-Bradley condition w²(n) + w²(n + N/2) = 1, so analysis and synthesis with the same
/// window at 50 % overlap reconstruct the input exactly.
/// </summary>
public static class PowerComplementaryWindow
{
    public static float[] Create(int length)
    {
        var w = new float[length];
        for (int n = 0; n < length; n++)
        {
            double s = Math.Sin(Math.PI * (n + 0.5) / length);
            w[n] = (float)Math.Sin(0.5 * Math.PI * s * s);
        }
        return w;
    }
}
