using PercepNet.Plugin.Core;

namespace PercepNet.Plugin.Tests;

/// <summary>Signals and a small host loop for driving <see cref="PercepNetProcessor"/> the way the format shells do.</summary>
static unsafe class TestAudio
{
    /// <summary>A voice-like test signal: a harmonic tone whose pitch glides (110–220 Hz) in syllable-long bursts,
    /// over steady broadband noise, so the network has speech to keep and noise to remove.</summary>
    public static float[] NoisyVoice(double seconds, int seed = 1, double sampleRate = 48000)
    {
        var random = new Random(seed);
        var x = new float[(int)(seconds * sampleRate)];
        double phase = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double t = i / sampleRate;
            double pitch = 165 + 55 * Math.Sin(2 * Math.PI * 0.7 * t + seed);
            phase += 2 * Math.PI * pitch / sampleRate;
            double syllable = Math.Max(0, Math.Sin(2 * Math.PI * 2.5 * t));
            double voice = 0;
            for (int h = 1; h <= 20; h++) voice += Math.Sin(h * phase) / h;
            x[i] = (float)(0.15 * syllable * voice + 0.03 * (random.NextDouble() * 2 - 1));
        }
        return x;
    }

    /// <summary>The shared processor over the embedded models, as every shell builds it.</summary>
    public static PercepNetProcessor NewProcessor(PluginLog? log = null, bool restartsForLatency = true)
        => SharedModel.CreateProcessor(log, restartsForLatency) ?? throw new InvalidOperationException("no embedded model: " + SharedModel.FullError);

    /// <summary>Runs <paramref name="input"/> (one array per channel) through the processor in blocks of the given
    /// sizes (repeated), with <paramref name="changes"/> at absolute sample positions, and returns the output.</summary>
    public static float[][] Render(PercepNetProcessor processor, float[][] input, int[] blockSizes,
        (long At, int Index, double Value)[]? changes = null)
    {
        int frames = input[0].Length;
        var output = input.Select(c => new float[c.Length]).ToArray();
        var list = new ParameterChangeList();
        changes ??= [];
        for (int start = 0, b = 0; start < frames; b++)
        {
            int n = Math.Min(blockSizes[b % blockSizes.Length], frames - start);
            list.Clear();
            foreach (var change in changes)
                if (change.At >= start && change.At < start + n) list.Add((int)(change.At - start), change.Index, change.Value);
            ProcessBlock(processor, input, output, start, n, list.Changes);
            start += n;
        }
        return output;
    }

    public static ProcessStatus ProcessBlock(PercepNetProcessor processor, float[][] input, float[][] output, int start, int frames,
        ReadOnlySpan<ParameterChange> changes, ulong constant = 0, ulong silent = 0)
    {
        int channels = input.Length;
        float** inputs = stackalloc float*[channels];
        float** outputs = stackalloc float*[output.Length];
        var handles = new List<System.Runtime.InteropServices.GCHandle>();
        try
        {
            for (int c = 0; c < channels; c++)
            {
                var h = System.Runtime.InteropServices.GCHandle.Alloc(input[c], System.Runtime.InteropServices.GCHandleType.Pinned);
                handles.Add(h);
                inputs[c] = (float*)h.AddrOfPinnedObject() + start;
            }
            for (int c = 0; c < output.Length; c++)
            {
                var h = System.Runtime.InteropServices.GCHandle.Alloc(output[c], System.Runtime.InteropServices.GCHandleType.Pinned);
                handles.Add(h);
                outputs[c] = (float*)h.AddrOfPinnedObject() + start;
            }
            return processor.Process(new AudioBlock(inputs, channels, outputs, output.Length, frames, constant, silent), changes);
        }
        finally
        {
            foreach (var h in handles) h.Free();
        }
    }

    public static int Index(ParameterId id) => Parameters.IndexOf((uint)id);

    /// <summary>Root mean square of x[from..from+length).</summary>
    public static double Rms(float[] x, int from, int length)
    {
        double sum = 0;
        for (int i = from; i < from + length; i++) sum += (double)x[i] * x[i];
        return Math.Sqrt(sum / length);
    }
}
