namespace PercepNet.Cli.Audio;

/// <summary>How one sample is stored in a WAV data chunk (little-endian).</summary>
public enum SampleEncoding
{
    Pcm16,
    Pcm24,
    Pcm32,
    Float32,
    Float64,
}

public static class SampleEncodingInfo
{
    public static int BytesPerSample(this SampleEncoding e) => e switch
    {
        SampleEncoding.Pcm16 => 2,
        SampleEncoding.Pcm24 => 3,
        SampleEncoding.Pcm32 => 4,
        SampleEncoding.Float32 => 4,
        SampleEncoding.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(e)),
    };

    public static bool IsFloat(this SampleEncoding e) => e is SampleEncoding.Float32 or SampleEncoding.Float64;

    public static int BitsPerSample(this SampleEncoding e) => e.BytesPerSample() * 8;

    /// <summary>
    /// PCM 16/24 have less resolution than the float path, so re-quantising processed audio to them
    /// needs dither; PCM32 and float keep at least float32's 24-bit mantissa.
    /// </summary>
    public static bool NeedsDither(this SampleEncoding e) => e is SampleEncoding.Pcm16 or SampleEncoding.Pcm24;

    public static string DisplayName(this SampleEncoding e) => e switch
    {
        SampleEncoding.Pcm16 => "16-bit PCM",
        SampleEncoding.Pcm24 => "24-bit PCM",
        SampleEncoding.Pcm32 => "32-bit PCM",
        SampleEncoding.Float32 => "32-bit float",
        SampleEncoding.Float64 => "64-bit float",
        _ => e.ToString(),
    };

    /// <summary>Parses the <c>--format</c> option: pcm16, pcm24, pcm32, float32, float64.</summary>
    public static bool TryParse(string text, out SampleEncoding encoding)
    {
        switch (text.ToLowerInvariant())
        {
            case "pcm16": case "16": encoding = SampleEncoding.Pcm16; return true;
            case "pcm24": case "24": encoding = SampleEncoding.Pcm24; return true;
            case "pcm32": case "32": encoding = SampleEncoding.Pcm32; return true;
            case "float32": case "f32": encoding = SampleEncoding.Float32; return true;
            case "float64": case "f64": encoding = SampleEncoding.Float64; return true;
            default: encoding = default; return false;
        }
    }
}
