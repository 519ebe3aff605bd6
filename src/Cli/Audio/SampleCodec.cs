using System.Buffers.Binary;

namespace PercepNet.Cli.Audio;

/// <summary>
/// Converts between little-endian WAV sample bytes and floats in [−1, 1). PCM uses the 2^(bits−1) scale both
/// ways, so PCM → float → PCM is lossless.
/// </summary>
public static class SampleCodec
{
    public static void Decode(ReadOnlySpan<byte> source, SampleEncoding encoding, Span<float> destination)
    {
        int count = destination.Length;
        switch (encoding)
        {
            case SampleEncoding.Pcm16:
                for (int i = 0; i < count; i++)
                    destination[i] = BinaryPrimitives.ReadInt16LittleEndian(source.Slice(2 * i)) * (1f / 32768f);
                break;
            case SampleEncoding.Pcm24:
                for (int i = 0; i < count; i++)
                {
                    int o = 3 * i;
                    int v = source[o] | (source[o + 1] << 8) | ((sbyte)source[o + 2] << 16);
                    destination[i] = v * (1f / 8388608f);
                }
                break;
            case SampleEncoding.Pcm32:
                for (int i = 0; i < count; i++)
                    destination[i] = (float)(BinaryPrimitives.ReadInt32LittleEndian(source.Slice(4 * i)) * (1.0 / 2147483648.0));
                break;
            case SampleEncoding.Float32:
                for (int i = 0; i < count; i++)
                    destination[i] = BinaryPrimitives.ReadSingleLittleEndian(source.Slice(4 * i));
                break;
            case SampleEncoding.Float64:
                for (int i = 0; i < count; i++)
                    destination[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(source.Slice(8 * i));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(encoding));
        }
    }

    /// <summary>
    /// Encodes <paramref name="source"/>; PCM values beyond full scale are clamped. Returns how many samples
    /// were beyond full scale (|x| &gt; 1 before dither), which are reported as clipped for every encoding.
    /// </summary>
    public static long Encode(ReadOnlySpan<float> source, SampleEncoding encoding, Span<byte> destination, TpdfDither? dither)
    {
        long clipped = 0;
        switch (encoding)
        {
            case SampleEncoding.Pcm16:
                for (int i = 0; i < source.Length; i++)
                    BinaryPrimitives.WriteInt16LittleEndian(destination.Slice(2 * i), (short)Quantize(source[i], 32768.0, dither, ref clipped));
                break;
            case SampleEncoding.Pcm24:
                for (int i = 0; i < source.Length; i++)
                {
                    int v = (int)Quantize(source[i], 8388608.0, dither, ref clipped);
                    int o = 3 * i;
                    destination[o] = (byte)v;
                    destination[o + 1] = (byte)(v >> 8);
                    destination[o + 2] = (byte)(v >> 16);
                }
                break;
            case SampleEncoding.Pcm32:
                for (int i = 0; i < source.Length; i++)
                    BinaryPrimitives.WriteInt32LittleEndian(destination.Slice(4 * i), (int)Quantize(source[i], 2147483648.0, dither, ref clipped));
                break;
            case SampleEncoding.Float32:
                for (int i = 0; i < source.Length; i++)
                {
                    if (MathF.Abs(source[i]) > 1f) clipped++;
                    BinaryPrimitives.WriteSingleLittleEndian(destination.Slice(4 * i), source[i]);
                }
                break;
            case SampleEncoding.Float64:
                for (int i = 0; i < source.Length; i++)
                {
                    if (MathF.Abs(source[i]) > 1f) clipped++;
                    BinaryPrimitives.WriteDoubleLittleEndian(destination.Slice(8 * i), source[i]);
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(encoding));
        }
        return clipped;
    }

    /// <summary>
    /// Rounds <paramref name="source"/> to <paramref name="bits"/>-bit integers (FLAC's sample form) exactly as
    /// <see cref="Encode"/> does for PCM, same dither sequence included, so a FLAC output holds the samples the
    /// WAV output of the same encoding would. Returns the clipped count.
    /// </summary>
    public static long ToIntegers(ReadOnlySpan<float> source, int bits, Span<int> destination, TpdfDither? dither)
    {
        double scale = 1L << (bits - 1);
        long clipped = 0;
        for (int i = 0; i < source.Length; i++) destination[i] = (int)Quantize(source[i], scale, dither, ref clipped);
        return clipped;
    }

    private static long Quantize(float sample, double scale, TpdfDither? dither, ref long clipped)
    {
        double x = sample;
        if (double.IsNaN(x)) x = 0;
        if (Math.Abs(x) > 1.0) clipped++;
        double scaled = x * scale + (dither?.Next() ?? 0.0);
        double rounded = Math.Round(scaled, MidpointRounding.ToEven);
        return (long)Math.Clamp(rounded, -scale, scale - 1.0);
    }
}
