namespace PercepNet.Engine.Processing;

/// <summary>
/// Keeps hostile samples out of the engine and out of the host: NaN/Inf become silence, denormals
/// zero (.NET cannot set the FPU's flush-to-zero mode, and denormals make the filters crawl), and
/// output is limited to a finite range.
/// </summary>
public static class SampleGuard
{
    /// <summary>Output limit: ±16 (+24 dBFS) leaves headroom for hot material but never lets a runaway reach the host.</summary>
    public const float OutputLimit = 16f;

    private const float DenormalThreshold = 1e-30f;

    /// <summary>Copies <paramref name="source"/> to <paramref name="destination"/>, non-finite and tiny samples as 0.</summary>
    public static void CopySanitized(ReadOnlySpan<float> source, Span<float> destination)
    {
        for (int i = 0; i < source.Length; i++) destination[i] = Sanitize(source[i]);
    }

    /// <summary>0 for NaN, ±Inf and |x| &lt; 1e-30; x otherwise.</summary>
    public static float Sanitize(float x) => MathF.Abs(x) >= DenormalThreshold && float.IsFinite(x) ? x : 0f;

    /// <summary>Sanitised and clamped to ±<see cref="OutputLimit"/>.</summary>
    public static float Limit(float x) => Math.Clamp(Sanitize(x), -OutputLimit, OutputLimit);
}
