namespace PercepNet.Cli.Denoise;

/// <summary>
/// Estimates how much the noise floor went down without a clean reference: energies of aligned 10 ms blocks of
/// input and output, compared over the quietest 20 % of input blocks (where noise, not speech, dominates).
/// Digital silence is left out. Memory: two floats per 10 ms (≈ 6 MB for two hours).
/// </summary>
public sealed class NoiseReductionMeter(int sampleRate, int channels)
{
    private const double QuietFraction = 0.2;

    private readonly int _blockFrames = Math.Max(1, sampleRate / 100);
    private readonly BlockEnergies _input = new();
    private readonly BlockEnergies _output = new();

    public void AddInput(ReadOnlySpan<float> interleaved) => _input.Add(interleaved, channels, _blockFrames);

    public void AddOutput(ReadOnlySpan<float> interleaved) => _output.Add(interleaved, channels, _blockFrames);

    /// <summary>Input/output energy ratio in dB over the quiet blocks; null when there is nothing to measure.</summary>
    public double? EstimateDb()
    {
        _input.Flush();
        _output.Flush();
        int n = Math.Min(_input.Blocks.Count, _output.Blocks.Count);
        var order = Enumerable.Range(0, n).Where(i => _input.Blocks[i] > 1e-20f).OrderBy(i => _input.Blocks[i]).ToArray();
        if (order.Length == 0) return null;
        int take = Math.Max(1, (int)(order.Length * QuietFraction));
        double inEnergy = 0, outEnergy = 0;
        foreach (int i in order.AsSpan(0, take))
        {
            inEnergy += _input.Blocks[i];
            outEnergy += _output.Blocks[i];
        }
        return 10 * Math.Log10(inEnergy / Math.Max(outEnergy, inEnergy * 1e-12)); // capped at 120 dB
    }

    private sealed class BlockEnergies
    {
        public readonly List<float> Blocks = [];
        private double _sum;
        private int _frames;

        public void Add(ReadOnlySpan<float> interleaved, int channels, int blockFrames)
        {
            for (int i = 0; i < interleaved.Length; i += channels)
            {
                for (int c = 0; c < channels; c++) _sum += (double)interleaved[i + c] * interleaved[i + c];
                if (++_frames == blockFrames) Flush();
            }
        }

        public void Flush()
        {
            if (_frames == 0) return;
            Blocks.Add((float)_sum);
            _sum = 0;
            _frames = 0;
        }
    }
}
