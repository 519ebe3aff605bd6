using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PercepNet.Engine.Inference;

/// <summary>The numeric kernels of one instruction-set path (rnnoise's nnet.c / x86/nnet_avx2.c split).
/// A <see cref="GainNetwork"/> picks one at construction; nothing here allocates.</summary>
internal abstract class InferenceKernels
{
    private static readonly InferenceKernels ScalarPath = new ScalarKernels();
    private static readonly InferenceKernels Vector128Path = new Vector128Kernels();
    private static readonly InferenceKernels Avx2FmaPath = new Avx2FmaKernels();
    private static readonly InferenceKernels Avx512Path = new Avx512Kernels();

    public abstract KernelPath Path { get; }

    /// <summary>
    /// Slices the caller's buffers to the product's shape (throws if any is short) and rejects a column count
    /// beyond the row stride, so the pointer loops of the SIMD kernels cannot read or write out of range.
    /// </summary>
    protected static void FitShape(WeightMatrix matrix, int columns, ref ReadOnlySpan<float> x, ref ReadOnlySpan<float> bias, ref Span<float> y)
    {
        x = x[..columns];
        bias = bias[..matrix.Rows];
        y = y[..matrix.Rows];
        if (columns > matrix.Columns)
            throw new ArgumentOutOfRangeException(nameof(columns));
    }

    /// <summary><c>y[r] = Scales[r] · Σ_{c &lt; columns} q[r][c] · x[c] + bias[r]</c> over the first
    /// <paramref name="columns"/> columns (a convolution with masked future taps uses a prefix).</summary>
    public abstract void MatVec(QuantizedMatrix matrix, int columns, ReadOnlySpan<float> x, ReadOnlySpan<float> bias, Span<float> y);

    /// <summary>The same product for an input known to lie in [−1, 1] (the output of tanh, sigmoid or a GRU). A path
    /// may quantise such an input to Q15 in <paramref name="q15Scratch"/> (≥ <paramref name="columns"/> long) and
    /// multiply in integers: exact sums, an input error ≤ 1.5e-5. By default it is the float product.</summary>
    public virtual void MatVecUnitRange(QuantizedMatrix matrix, int columns, ReadOnlySpan<float> x, Span<short> q15Scratch,
        ReadOnlySpan<float> bias, Span<float> y) => MatVec(matrix, columns, x, bias, y);

    /// <summary><c>y[r] = Σ_{c &lt; columns} W[r][c] · x[c] + bias[r]</c> with float32 weights.</summary>
    public abstract void MatVec(FloatMatrix matrix, int columns, ReadOnlySpan<float> x, ReadOnlySpan<float> bias, Span<float> y);

    /// <summary>The product with whatever weight type the model file holds.</summary>
    public void MatVec(WeightMatrix matrix, int columns, ReadOnlySpan<float> x, ReadOnlySpan<float> bias, Span<float> y)
    {
        if (matrix is QuantizedMatrix quantized)
            MatVec(quantized, columns, x, bias, y);
        else
            MatVec((FloatMatrix)matrix, columns, x, bias, y);
    }

    /// <summary>The unit-range product with whatever weight type the model file holds. Float weights always take the
    /// float product: they are the unquantised reference, so their inputs are not rounded to Q15 either.</summary>
    public void MatVecUnitRange(WeightMatrix matrix, int columns, ReadOnlySpan<float> x, Span<short> q15Scratch,
        ReadOnlySpan<float> bias, Span<float> y)
    {
        if (matrix is QuantizedMatrix quantized)
            MatVecUnitRange(quantized, columns, x, q15Scratch, bias, y);
        else
            MatVec((FloatMatrix)matrix, columns, x, bias, y);
    }

    public abstract void Tanh(Span<float> values);

    public abstract void Sigmoid(Span<float> values);

    public void Activate(ActivationKind activation, Span<float> values)
    {
        switch (activation)
        {
            case ActivationKind.Relu:
                foreach (ref float v in values)
                    v = MathF.Max(v, 0f);
                break;
            case ActivationKind.Tanh:
                Tanh(values);
                break;
            case ActivationKind.Sigmoid:
                Sigmoid(values);
                break;
        }
    }

    public static bool IsSupported(KernelPath path) => path switch
    {
        KernelPath.Scalar => true,
        KernelPath.Vector128 => Vector128.IsHardwareAccelerated,
        KernelPath.Avx2Fma => Avx2.IsSupported && Fma.IsSupported,
        // .NET reports AVX-512 only where AVX2 and FMA are supported too; the path uses both.
        KernelPath.Avx512 => Avx512F.IsSupported && Avx512BW.IsSupported && Avx2.IsSupported && Fma.IsSupported,
        _ => false,
    };

    /// <summary>The fastest path this CPU supports: Avx512, Avx2Fma, Vector128, Scalar in that order. Avx512 only where
    /// .NET calls 512-bit vectors accelerated: it says no on the Intel parts (Skylake-SP, Cascade Lake) whose clock
    /// drops under 512-bit multiplies, where the path could lose to Avx2Fma; it stays selectable there.</summary>
    public static KernelPath Best =>
        IsSupported(KernelPath.Avx512) && Vector512.IsHardwareAccelerated ? KernelPath.Avx512
        : IsSupported(KernelPath.Avx2Fma) ? KernelPath.Avx2Fma
        : IsSupported(KernelPath.Vector128) ? KernelPath.Vector128
        : KernelPath.Scalar;

    public static InferenceKernels For(KernelPath path)
    {
        if (!IsSupported(path))
            throw new PlatformNotSupportedException($"Kernel path {path} is not supported on this CPU.");
        return path switch
        {
            KernelPath.Avx512 => Avx512Path,
            KernelPath.Avx2Fma => Avx2FmaPath,
            KernelPath.Vector128 => Vector128Path,
            _ => ScalarPath,
        };
    }
}
