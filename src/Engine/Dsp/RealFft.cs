namespace PercepNet.Engine.Dsp;

/// <summary>
/// Real FFT of even length N through one complex FFT of N/2 (even samples as real part, odd as
/// imaginary) and a split step. Spectrum has N/2 + 1 bins. Allocation-free after construction.
/// </summary>
public sealed class RealFft
{
    private readonly int _n;
    private readonly ComplexFft _half;
    private readonly Complex32[] _buffer;
    private readonly Complex32[] _split; // exp(-2πik/N), k = 0..N/2

    public RealFft(int length)
    {
        if (length % 2 != 0) throw new ArgumentException("length must be even");
        _n = length;
        _half = new ComplexFft(length / 2);
        _buffer = new Complex32[length / 2];
        _split = new Complex32[length / 2 + 1];
        for (int k = 0; k <= length / 2; k++)
        {
            double a = -2 * Math.PI * k / length;
            _split[k] = new Complex32((float)Math.Cos(a), (float)Math.Sin(a));
        }
    }

    public int Length => _n;
    public int BinCount => _n / 2 + 1;

    /// <summary>Unnormalised forward transform: X[k] = Σ x[n] e^{-2πikn/N}, k = 0..N/2.</summary>
    public void Forward(ReadOnlySpan<float> input, Span<Complex32> spectrum)
    {
        int m = _n / 2;
        var z = _buffer.AsSpan();
        for (int i = 0; i < m; i++) z[i] = new Complex32(input[2 * i], input[2 * i + 1]);
        _half.Forward(z);
        for (int k = 0; k <= m; k++)
        {
            var zk = z[k == m ? 0 : k];
            var zc = z[k == 0 ? 0 : m - k].Conjugate();
            var even = (zk + zc) * 0.5f;
            var odd = (zk - zc).TimesI(-0.5f); // (zk − zc) / (2i)
            spectrum[k] = even + _split[k] * odd;
        }
    }

    /// <summary>Inverse of <see cref="Forward"/> (scaled by 1/N), reading bins 0..N/2.</summary>
    public void Inverse(ReadOnlySpan<Complex32> spectrum, Span<float> output)
    {
        int m = _n / 2;
        var z = _buffer.AsSpan();
        for (int k = 0; k < m; k++)
        {
            var xk = spectrum[k];
            var xc = spectrum[m - k].Conjugate();
            var even = (xk + xc) * 0.5f;
            var odd = (xk - xc) * _split[k].Conjugate() * 0.5f;
            z[k] = even + odd.TimesI(1f);
        }
        _half.Inverse(z);
        for (int i = 0; i < m; i++) { output[2 * i] = z[i].Re; output[2 * i + 1] = z[i].Im; }
    }
}
