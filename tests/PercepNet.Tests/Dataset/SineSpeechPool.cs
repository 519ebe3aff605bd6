using PercepNet.Cli.Dataset;

namespace PercepNet.Tests.Dataset;

/// <summary>A mixer test's pool: six 1 s "speech" clips (sines of different pitches, each its own speaker, training
/// split) and one 3 s noise recording of the test's choosing, no room responses.</summary>
internal static class SineSpeechPool
{
    private const int Rate = 48000;

    public static Source Clip(int i) => new(
        new DataFile($"speech/cv/cv{i}.flac", "speech", Rate, 1, "CC0 1.0 (test)", "train", $"s{i}", 20000),
        Enumerable.Range(0, Rate).Select(k => (float)(0.1 * Math.Sin(k * (0.05 + 0.01 * i)))).ToArray());

    public static SourcePool With(string noiseName, float[] noise) => new()
    {
        Speech = Enumerable.Range(0, 6).Select(Clip).ToList(),
        Noise = [new Source(new DataFile($"noise/{noiseName}.flac", "noise", Rate, 1, "CC0 1.0 (test)", "train", noiseName, 24000), noise)],
        RoomResponses = [],
    };
}
