using PercepNet.Engine.Dsp;

namespace PercepNet.Cli.Dataset;

/// <summary>Linear convolution through one power-of-two FFT (room responses are seconds long).</summary>
public static class FftConvolver
{
    [ThreadStatic] private static Dictionary<int, ComplexFft>? _ffts;

    /// <summary>x * h truncated to x.Length (the reverberant tail past the end is dropped).</summary>
    public static float[] Convolve(float[] x, float[] h)
    {
        int needed = x.Length + h.Length - 1, n = 1;
        while (n < needed) n <<= 1;
        _ffts ??= new Dictionary<int, ComplexFft>();
        if (!_ffts.TryGetValue(n, out var fft)) _ffts[n] = fft = new ComplexFft(n);
        // Pack x in the real part and h in the imaginary part: one forward FFT for both.
        var z = new Complex32[n];
        for (int i = 0; i < x.Length; i++) z[i] = new Complex32(x[i], 0);
        for (int i = 0; i < h.Length; i++) z[i] = new Complex32(z[i].Re, h[i]);
        fft.Forward(z);
        var prod = new Complex32[n];
        for (int k = 0; k < n; k++)
        {
            var a = z[k]; var b = z[(n - k) & (n - 1)].Conjugate();
            var xk = (a + b) * 0.5f;            // spectrum of the real part
            var hk = (a - b).TimesI(-0.5f);     // spectrum of the imaginary part
            prod[k] = xk * hk;
        }
        fft.Inverse(prod);
        var y = new float[x.Length];
        for (int i = 0; i < y.Length; i++) y[i] = prod[i].Re;
        return y;
    }
}
