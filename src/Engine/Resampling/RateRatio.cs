namespace PercepNet.Engine.Resampling;

/// <summary>
/// Output/input rate ratio as an exact fraction <see cref="Interpolation"/>/<see cref="Decimation"/>
/// in lowest terms (44.1 kHz → 48 kHz is 160/147). Exact integer arithmetic on it keeps the
/// resampler's phase free of drift and its delay exact, however long the stream.
/// </summary>
public readonly record struct RateRatio(long Interpolation, long Decimation)
{
    /// <summary>Rates are taken to the nearest millihertz, so fractional host rates still get an exact ratio.</summary>
    public static RateRatio Between(double inputRate, double outputRate)
    {
        if (!(inputRate >= 1 && inputRate <= 1e7) || !(outputRate >= 1 && outputRate <= 1e7))
            throw new ArgumentOutOfRangeException(nameof(inputRate), "sample rates must be within 1 Hz … 10 MHz");
        long input = (long)Math.Round(inputRate * 1000), output = (long)Math.Round(outputRate * 1000);
        long g = Gcd(input, output);
        return new RateRatio(output / g, input / g);
    }

    public bool IsIdentity => Interpolation == Decimation;

    /// <summary>Output samples per input sample.</summary>
    public double Factor => (double)Interpolation / Decimation;

    public static long Gcd(long a, long b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }
}
