using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace PercepNet.Cli.Evaluate;

/// <summary>DNSMOS P.835 scores of one clip (1–5): speech signal quality, background noise, overall.</summary>
public readonly record struct DnsmosScore(double Sig, double Bak, double Ovrl);

/// <summary>
/// DNSMOS P.835 (Reddy et al., ICASSP 2022) run like Microsoft's reference dnsmos_local.py: 16 kHz mono, windows of
/// 9.01 s (144 160 samples) every 1 s, a clip shorter than one window repeated until it fills one, raw network outputs
/// mapped through the published non-personalised polynomials, scores averaged over windows. Model:
/// sig_bak_ovr.onnx (input "input_1" [1, 144160] float, output [1, 3] = raw SIG, BAK, OVRL); licences beside it.
/// </summary>
public sealed class DnsmosScorer : IDisposable
{
    public const int SampleRate = 16000;
    public const int WindowSamples = 144_160; // 9.01 s
    public const string ModelFile = "sig_bak_ovr.onnx";

    private readonly InferenceSession _session;
    private readonly string _inputName;

    public DnsmosScorer(string modelDirectory)
    {
        string path = Path.Combine(modelDirectory, ModelFile);
        if (!File.Exists(path))
            throw new CliException(ExitCode.ModelError, $"DNSMOS model not found: {path} (pass --dnsmos DIR holding {ModelFile})");
        try
        {
            // One thread: evaluation runs beside other work, and per-window latency does not matter.
            using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
            _session = new InferenceSession(path, options);
        }
        catch (Exception e) when (e is OnnxRuntimeException or DllNotFoundException or TypeInitializationException)
        {
            throw new CliException(ExitCode.ModelError, $"DNSMOS: ONNX Runtime could not load {path}: {e.Message}");
        }
        _inputName = _session.InputMetadata.Keys.Single();
        var dims = _session.InputMetadata[_inputName].Dimensions;
        if (dims.Length != 2 || dims[1] != WindowSamples)
            throw new CliException(ExitCode.ModelError, $"DNSMOS: {path} expects input [{string.Join(",", dims)}], not [1,{WindowSamples}]: not the P.835 model");
    }

    /// <param name="audio16k">Mono samples at 16 kHz in [−1, 1].</param>
    public DnsmosScore Score(ReadOnlySpan<float> audio16k)
    {
        if (audio16k.IsEmpty) throw new ArgumentException("no audio to score", nameof(audio16k));
        float[] audio = audio16k.ToArray();
        while (audio.Length < WindowSamples) audio = [.. audio, .. audio];

        // The reference counts hops as int(floor(len/fs) − 9.01) + 1, which drops a tail shorter than a whole second.
        int hops = Math.Max(1, audio.Length / SampleRate - 9);
        double sig = 0, bak = 0, ovrl = 0;
        var window = new DenseTensor<float>([1, WindowSamples]);
        for (int h = 0; h < hops; h++)
        {
            audio.AsSpan(h * SampleRate, WindowSamples).CopyTo(window.Buffer.Span);
            using var results = _session.Run([NamedOnnxValue.CreateFromTensor(_inputName, window)]);
            var raw = results[0].AsEnumerable<float>().ToArray();
            sig += Polynomial(raw[0], -0.08397278, 1.22083953, 0.0052439);
            bak += Polynomial(raw[1], -0.13166888, 1.60915514, -0.39604546);
            ovrl += Polynomial(raw[2], -0.06766283, 1.11546468, 0.04602535);
        }
        return new DnsmosScore(sig / hops, bak / hops, ovrl / hops);
    }

    private static double Polynomial(double x, double a2, double a1, double a0) => (a2 * x + a1) * x + a0;

    public void Dispose() => _session.Dispose();
}
