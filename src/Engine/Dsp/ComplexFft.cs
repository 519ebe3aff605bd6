using System.Numerics;

namespace PercepNet.Engine.Dsp;

/// <summary>
/// Mixed-radix (2, 3, 4, 5) Stockham autosort complex FFT of a fixed length. Twiddles and work
/// buffers are allocated once; <see cref="Forward"/> never allocates. Forward is unnormalised,
/// <see cref="Inverse"/> scales by 1/N so Inverse(Forward(x)) = x.
/// </summary>
public sealed class ComplexFft
{
    private readonly int _length;
    private readonly int[] _radices;
    private readonly Complex32[][] _stageTwiddles; // per stage: [p * (r-1) + (j-1)] = exp(-2πi p j / n)
    private readonly Complex32[] _work;

    public ComplexFft(int length)
    {
        if (length < 1) throw new ArgumentOutOfRangeException(nameof(length));
        _length = length;
        _radices = Factorize(length);
        _stageTwiddles = new Complex32[_radices.Length][];
        int n = length;
        for (int s = 0; s < _radices.Length; s++)
        {
            int r = _radices[s], m = n / r;
            var tw = new Complex32[m * (r - 1)];
            for (int p = 0; p < m; p++)
                for (int j = 1; j < r; j++)
                {
                    double a = -2 * Math.PI * p * j / n;
                    tw[p * (r - 1) + j - 1] = new Complex32((float)Math.Cos(a), (float)Math.Sin(a));
                }
            _stageTwiddles[s] = tw;
            n = m;
        }
        _work = new Complex32[length];
    }

    public int Length => _length;

    private static int[] Factorize(int n)
    {
        var list = new List<int>();
        while (n % 4 == 0) { list.Add(4); n /= 4; }
        while (n % 2 == 0) { list.Add(2); n /= 2; }
        while (n % 3 == 0) { list.Add(3); n /= 3; }
        while (n % 5 == 0) { list.Add(5); n /= 5; }
        if (n != 1) throw new ArgumentException("FFT length must factor into 2, 3 and 5.");
        return list.ToArray();
    }

    /// <summary>In-place forward transform of <paramref name="data"/> (length N).</summary>
    public void Forward(Span<Complex32> data)
    {
        if (data.Length != _length) throw new ArgumentException("length mismatch");
        Span<Complex32> x = data, y = _work;
        int n = _length, s = 1;
        for (int stage = 0; stage < _radices.Length; stage++)
        {
            int r = _radices[stage];
            int m = n / r;
            var tw = _stageTwiddles[stage];
            switch (r)
            {
                case 2: Radix2(x, y, m, s, tw); break;
                case 3: Radix3(x, y, m, s, tw); break;
                case 4: Radix4(x, y, m, s, tw); break;
                default: Radix5(x, y, m, s, tw); break;
            }
            var t = x; x = y; y = t;
            n = m; s *= r;
        }
        if (_radices.Length % 2 == 1) x.CopyTo(data);
    }

    /// <summary>In-place inverse transform, scaled by 1/N.</summary>
    public void Inverse(Span<Complex32> data)
    {
        for (int i = 0; i < data.Length; i++) data[i] = data[i].Conjugate();
        Forward(data);
        float inv = 1f / _length;
        for (int i = 0; i < data.Length; i++) data[i] = new Complex32(data[i].Re * inv, -data[i].Im * inv);
    }

    private static void Radix2(Span<Complex32> x, Span<Complex32> y, int m, int s, Complex32[] tw)
    {
        for (int p = 0; p < m; p++)
        {
            var w1 = tw[p];
            for (int q = 0; q < s; q++)
            {
                var a = x[q + s * p];
                var b = x[q + s * (p + m)];
                y[q + s * (2 * p)] = a + b;
                y[q + s * (2 * p + 1)] = (a - b) * w1;
            }
        }
    }

    private static void Radix3(Span<Complex32> x, Span<Complex32> y, int m, int s, Complex32[] tw)
    {
        const float c = -0.5f;
        const float d = -0.8660254037844386f; // -sin(2π/3): forward sign
        for (int p = 0; p < m; p++)
        {
            var w1 = tw[2 * p]; var w2 = tw[2 * p + 1];
            for (int q = 0; q < s; q++)
            {
                var a0 = x[q + s * p];
                var a1 = x[q + s * (p + m)];
                var a2 = x[q + s * (p + 2 * m)];
                var t1 = a1 + a2;
                var t2 = new Complex32(a0.Re + c * t1.Re, a0.Im + c * t1.Im);
                var t3 = (a1 - a2).TimesI(d); // i·d·(a1 − a2)
                y[q + s * (3 * p)] = a0 + t1;
                y[q + s * (3 * p + 1)] = (t2 + t3) * w1;
                y[q + s * (3 * p + 2)] = (t2 - t3) * w2;
            }
        }
    }

    private static void Radix4(Span<Complex32> x, Span<Complex32> y, int m, int s, Complex32[] tw)
    {
        for (int p = 0; p < m; p++)
        {
            var w1 = tw[3 * p]; var w2 = tw[3 * p + 1]; var w3 = tw[3 * p + 2];
            for (int q = 0; q < s; q++)
            {
                var a0 = x[q + s * p];
                var a1 = x[q + s * (p + m)];
                var a2 = x[q + s * (p + 2 * m)];
                var a3 = x[q + s * (p + 3 * m)];
                var t0 = a0 + a2; var t1 = a0 - a2;
                var t2 = a1 + a3; var t3 = (a1 - a3).TimesI(-1f); // −i(a1 − a3)
                y[q + s * (4 * p)] = t0 + t2;
                y[q + s * (4 * p + 1)] = (t1 + t3) * w1;
                y[q + s * (4 * p + 2)] = (t0 - t2) * w2;
                y[q + s * (4 * p + 3)] = (t1 - t3) * w3;
            }
        }
    }

    private static void Radix5(Span<Complex32> x, Span<Complex32> y, int m, int s, Complex32[] tw)
    {
        const float c1 = 0.30901699437494745f;  // cos(2π/5)
        const float c2 = -0.8090169943749475f;  // cos(4π/5)
        const float s1 = -0.9510565162951535f;  // -sin(2π/5)
        const float s2 = -0.5877852522924731f;  // -sin(4π/5)
        for (int p = 0; p < m; p++)
        {
            var w1 = tw[4 * p]; var w2 = tw[4 * p + 1]; var w3 = tw[4 * p + 2]; var w4 = tw[4 * p + 3];
            for (int q = 0; q < s; q++)
            {
                var a0 = x[q + s * p];
                var a1 = x[q + s * (p + m)];
                var a2 = x[q + s * (p + 2 * m)];
                var a3 = x[q + s * (p + 3 * m)];
                var a4 = x[q + s * (p + 4 * m)];
                var b1 = a1 + a4; var b2 = a2 + a3; var d1 = a1 - a4; var d2 = a2 - a3;
                var r1 = new Complex32(a0.Re + c1 * b1.Re + c2 * b2.Re, a0.Im + c1 * b1.Im + c2 * b2.Im);
                var r2 = new Complex32(a0.Re + c2 * b1.Re + c1 * b2.Re, a0.Im + c2 * b1.Im + c1 * b2.Im);
                var i1 = new Complex32(s1 * d1.Re + s2 * d2.Re, s1 * d1.Im + s2 * d2.Im).TimesI(1f);
                var i2 = new Complex32(s2 * d1.Re - s1 * d2.Re, s2 * d1.Im - s1 * d2.Im).TimesI(1f);
                y[q + s * (5 * p)] = a0 + b1 + b2;
                y[q + s * (5 * p + 1)] = (r1 + i1) * w1;
                y[q + s * (5 * p + 2)] = (r2 + i2) * w2;
                y[q + s * (5 * p + 3)] = (r2 - i2) * w3;
                y[q + s * (5 * p + 4)] = (r1 - i1) * w4;
            }
        }
    }
}
