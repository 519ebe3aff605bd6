using BenchmarkDotNet.Attributes;
using PercepNet.Engine.Inference;

namespace PercepNet.Bench;

/// <summary>One 10 ms hop of the network alone (<see cref="GainNetwork.Step"/>) per model and kernel path: the two
/// shipped models embedded in the engine ("light", the default, and "full"), and random weights in the small and
/// paper-sized shapes. Real-time factor = mean / 10 ms.</summary>
[MemoryDiagnoser]
[MinColumn, MedianColumn]
public class InferenceBenchmarks
{
    private GainNetwork network = null!;
    private float[][] features = null!;
    private float[] gains = null!, strengths = null!;
    private int frame;

    [Params("light", "full", "small-1.3M", "paper-8M")]
    public string Model { get; set; } = "";

    [ParamsSource(nameof(Paths))]
    public KernelPath Path { get; set; }

    public static IEnumerable<KernelPath> Paths => Enum.GetValues<KernelPath>().Where(InferenceKernels.IsSupported);

    [GlobalSetup]
    public void Setup()
    {
        var model = Model switch
        {
            "light" => BuiltInModels.TryLoadLight() ?? throw new InvalidOperationException("this build embeds no models/percepnet-light.pnm"),
            "full" => BuiltInModels.TryLoadFull() ?? throw new InvalidOperationException("this build embeds no models/percepnet-full.pnm"),
            "paper-8M" => InferenceModels.Paper(),
            _ => InferenceModels.Small(),
        };
        network = new GainNetwork(model, Path);
        var rng = new Random(2);
        // A run of distinct frames so the recurrent state keeps moving as in real use.
        features = Enumerable.Range(0, 64)
            .Select(_ => Enumerable.Range(0, model.FeatureCount).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray())
            .ToArray();
        gains = new float[model.BandCount];
        strengths = new float[model.BandCount];
    }

    [Benchmark]
    public void Step()
    {
        network.Step(features[frame], 1, gains, strengths);
        frame = (frame + 1) & 63;
    }
}
