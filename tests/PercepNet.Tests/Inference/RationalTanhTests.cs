using PercepNet.Engine.Inference;

namespace PercepNet.Tests.Inference;

public class RationalTanhTests
{
    public static TheoryData<KernelPath> SupportedPaths => KernelPaths.Supported();

    [Theory]
    [MemberData(nameof(SupportedPaths))]
    public void TanhAndSigmoidAreWithinOneMillionthOfExact(KernelPath path)
    {
        var kernels = InferenceKernels.For(path);
        // 40 001 points over [−20, 20]: both saturated tails, the clamp point and the steep middle.
        var inputs = Enumerable.Range(-20000, 40001).Select(i => i / 1000f).Append(float.PositiveInfinity).Append(float.NegativeInfinity).ToArray();
        var tanh = inputs.ToArray();
        var sigmoid = inputs.ToArray();
        kernels.Tanh(tanh);
        kernels.Sigmoid(sigmoid);

        double tanhError = 0, sigmoidError = 0;
        for (int i = 0; i < inputs.Length; i++)
        {
            tanhError = Math.Max(tanhError, Math.Abs(tanh[i] - Math.Tanh(inputs[i])));
            sigmoidError = Math.Max(sigmoidError, Math.Abs(sigmoid[i] - 1 / (1 + Math.Exp(-(double)inputs[i]))));
        }
        Assert.True(tanhError < 1e-6, $"{path} tanh max error {tanhError:E2}");
        Assert.True(sigmoidError < 1e-6, $"{path} sigmoid max error {sigmoidError:E2}");
    }
}
