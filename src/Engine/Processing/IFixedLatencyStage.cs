namespace PercepNet.Engine.Processing;

/// <summary>
/// A streaming 48 kHz mono stage with equal input/output counts per call and a fixed delay:
/// what <see cref="HostRateAdapter"/> runs at the host's rate. Process must not allocate.
/// </summary>
public interface IFixedLatencyStage
{
    /// <summary>Delay, in 48 kHz samples, between an input sample and its output.</summary>
    int LatencySamples { get; }

    void Process(ReadOnlySpan<float> input, Span<float> output);

    void Reset();
}
