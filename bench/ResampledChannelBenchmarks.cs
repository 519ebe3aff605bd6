using BenchmarkDotNet.Attributes;
using PercepNet.Engine.Inference;
using PercepNet.Engine.Processing;

namespace PercepNet.Bench;

/// <summary>
/// What resampling adds to the whole per-channel path: the ChannelProcessor with the shipped model
/// at 48 kHz (no resampling) and at other host rates, 100 ms of noisy input per operation.
/// Real-time factor = mean time / 100 ms. Allocated must be 0 B.
/// </summary>
[MemoryDiagnoser]
public class ResampledChannelBenchmarks
{
    private ChannelProcessor _processor = null!;
    private float[] _input = [], _output = [];

    [Params(48000, 44100, 16000, 96000)]
    public int Rate { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var model = BuiltInModels.TryLoadDefault() ?? throw new InvalidOperationException("no shipped model in this build");
        _processor = new ChannelProcessor(model, Rate);
        _input = new float[Rate / 10];
        var random = new Random(1);
        for (int i = 0; i < _input.Length; i++) _input[i] = (float)(0.3 * Math.Sin(2 * Math.PI * 220 * i / Rate) + 0.1 * (random.NextDouble() - 0.5));
        _output = new float[_input.Length];
    }

    [Benchmark]
    public void HundredMilliseconds() => _processor.Process(_input, _output);
}
