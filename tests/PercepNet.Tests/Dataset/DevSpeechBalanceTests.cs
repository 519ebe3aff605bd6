using PercepNet.Cli.Dataset;

namespace PercepNet.Tests.Dataset;

/// <summary>The dev selections draw speech corpus by corpus, so one corpus of many short clips cannot fill them.</summary>
public class DevSpeechBalanceTests
{
    private static Source Clip(string path, float level) =>
        new(new DataFile(path, "speech", 48000, 1, "CC0 1.0 (test)", "dev", "g", 24000), Enumerable.Repeat(level, 48000).ToArray());

    [Fact]
    public void A_dev_selection_takes_each_corpus_about_equally_and_training_takes_each_clip()
    {
        // 20 clips of one corpus at level 0.5, one clip of another at level 0.25: told apart by their level.
        var many = Enumerable.Range(0, 20).Select(i => Clip($"speech/many/c{i}.wav", 0.5f));
        var pool = new SourcePool { Speech = [.. many, Clip("speech/few/one.wav", 0.25f)], Noise = [], RoomResponses = [] };
        int Few(MixtureGenerator g) => Enumerable.Range(0, 60).Sum(i =>
            g.Generate(3, i).Description.Split(", ").Count(d => d.StartsWith("one.wav@", StringComparison.Ordinal)));
        int Utterances(MixtureGenerator g) => Enumerable.Range(0, 60).Sum(i =>
            g.Generate(3, i).Description.Split(", ").Count(d => d.Contains(".wav@", StringComparison.Ordinal)));
        var dev = new MixtureGenerator(pool, seconds: 3) { RecordedNoiseOnly = true };
        var train = new MixtureGenerator(pool, seconds: 3);
        double devShare = (double)Few(dev) / Utterances(dev), trainShare = (double)Few(train) / Utterances(train);
        Assert.InRange(devShare, 0.35, 0.65);    // half: two corpora
        Assert.InRange(trainShare, 0.0, 0.12);   // one clip in 21
    }
}
