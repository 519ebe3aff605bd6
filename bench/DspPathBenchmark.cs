using BenchmarkDotNet.Attributes;
using PercepNet.Engine;
using PercepNet.Engine.Dsp;
using PercepNet.Engine.Inference;

namespace PercepNet.Bench;

/// <summary>
/// One 480-sample hop of the DSP path without the network (issue 3): analysis (window, FFT, pitch
/// search, comb filter, second FFT, band energies/coherence), post-filter, pitch-filter mix,
/// gains, inverse FFT and overlap-add. Target: &lt; 100 µs per 10 ms hop (1 % of real time).
/// </summary>
[MemoryDiagnoser]
public class DspPathBenchmark
{
    /// <summary>Constant mid gains and strengths so every DSP branch (mix, renormalisation) runs.</summary>
    private sealed class ConstantGainSource : IFrameGainSource
    {
        public void Estimate(FrameAnalysis newest, int lookahead, Span<float> gains, Span<float> strengths)
        {
            gains.Fill(0.5f);
            strengths.Fill(0.3f);
        }

        public void Reset() { }
    }

    private SpeechEnhancer _enhancer = null!;
    private SpeechEnhancer _withDefault = null!;
    private SpeechEnhancer _withFull = null!;
    private float[] _signal = null!;
    private readonly float[] _output = new float[SpeechEnhancer.HopSize];
    private int _pos;

    [GlobalSetup]
    public void Setup()
    {
        _enhancer = new SpeechEnhancer(new ConstantGainSource(), lookahead: 1);
        _withDefault = new SpeechEnhancer(BuiltInModels.TryLoadDefault() ?? throw new InvalidOperationException("no shipped model"), lookahead: 1);
        _withFull = new SpeechEnhancer(BuiltInModels.TryLoadFull() ?? throw new InvalidOperationException("no Full model"), lookahead: 1);
        var rng = new Random(1);
        _signal = new float[48000 * 4];
        double phase = 0;
        for (int i = 0; i < _signal.Length; i++)
        {
            phase += 2 * Math.PI * (140 + 30 * Math.Sin(i / 9000.0)) / 48000;
            _signal[i] = (float)(0.2 * Math.Sin(phase) + 0.1 * Math.Sin(2 * phase) + 0.05 * (rng.NextDouble() - 0.5));
        }
    }

    [Benchmark(Baseline = true, Description = "DSP path, one 10 ms hop")]
    public void Hop() => Step(_enhancer);

    [Benchmark(Description = "engine with the default model (Light), one 10 ms hop")]
    public void DefaultModelHop() => Step(_withDefault);

    [Benchmark(Description = "engine with the Full model, one 10 ms hop")]
    public void FullModelHop() => Step(_withFull);

    private void Step(SpeechEnhancer e)
    {
        e.ProcessHop(_signal.AsSpan(_pos, SpeechEnhancer.HopSize), _output);
        _pos += SpeechEnhancer.HopSize;
        if (_pos + SpeechEnhancer.HopSize > _signal.Length) _pos = 0;
    }
}
