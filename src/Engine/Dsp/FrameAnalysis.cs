namespace PercepNet.Engine.Dsp;

/// <summary>Everything the engine knows about one 20 ms frame: spectra, band energies, coherence, pitch.</summary>
public sealed class FrameAnalysis
{
    public const int Bins = FrameAnalyzer.FrameSize / 2 + 1;
    public readonly Complex32[] X = new Complex32[Bins];      // windowed input spectrum
    public readonly Complex32[] P = new Complex32[Bins];      // windowed comb-filtered spectrum
    public readonly float[] EnergyX = new float[ErbBands.Count];
    public readonly float[] EnergyP = new float[ErbBands.Count];
    public readonly float[] CrossXP = new float[ErbBands.Count];
    public readonly float[] Coherence = new float[ErbBands.Count]; // q_b
    public PitchEstimate Pitch;

    public void Clear()
    {
        Array.Clear(X); Array.Clear(P); Array.Clear(EnergyX); Array.Clear(EnergyP);
        Array.Clear(CrossXP); Array.Clear(Coherence);
        Pitch = default;
    }
}
