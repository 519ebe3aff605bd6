using PercepNet.Cli.Dataset;

namespace PercepNet.Tests.Dataset;

/// <summary>
/// Mixer revision 8: narrowband training speech comes in mixtures of its own, so a fullband mixture never has its
/// loss masked at a narrowband clip's edge, and a pool without narrowband speech mixes exactly as revision 7.
/// </summary>
public class NarrowbandSpeechTests
{
    private static Source Clip(string corpus, int i, double bandEdge) => new(
        new DataFile($"speech/{corpus}/{corpus}{i}.flac", "speech", 48000, 1, "CC0 1.0 (test)", "train", $"{corpus}{i}", bandEdge),
        Enumerable.Range(0, 48000).Select(k => (float)(0.1 * Math.Sin(k * (0.05 + 0.01 * i)))).ToArray());

    private static SourcePool Pool(bool narrowband) => new()
    {
        Speech = Enumerable.Range(0, 6).Select(i => Clip("wide", i, 20000)).ToList(),
        NarrowbandSpeech = narrowband ? Enumerable.Range(0, 6).Select(i => Clip("narrow", i, 8000)).ToList() : [],
        Noise = [],
        RoomResponses = [],
    };

    [Fact]
    public void Narrowband_mixtures_hold_only_narrowband_speech_and_mask_at_its_edge()
    {
        var g = new MixtureGenerator(Pool(narrowband: true), seconds: 2);
        int narrow = 0, speech = 0;
        for (int i = 0; i < 200; i++)
        {
            var m = g.Generate(3, i);
            if (m.Description.Contains("speech-free", StringComparison.Ordinal)) continue;
            speech++;
            bool isNarrow = m.Description.StartsWith("narrowband", StringComparison.Ordinal);
            var utterances = m.Description.Split(", ").Where(d => d.Contains(".flac@", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(utterances);
            Assert.All(utterances, u => Assert.StartsWith(isNarrow ? "narrow" : "wide", u, StringComparison.Ordinal));
            // Speed changes move a clip's edge by at most 12 %: narrowband stays below 9 kHz, fullband above 17 kHz.
            Assert.True(isNarrow ? m.BandEdgeHz < 9000 : m.BandEdgeHz > 17000, $"{m.BandEdgeHz} Hz for {m.Description}");
            if (isNarrow) narrow++;
        }
        // NarrowbandShare = 0.4 of ~190 mixtures with speech: about 76.
        Assert.InRange(narrow, 0.28 * speech, 0.52 * speech);
    }

    [Fact]
    public void Without_narrowband_speech_the_mixtures_are_revision_7s()
    {
        // The narrowband draw has a stream of its own: a pool without such speech must not shift any other draw.
        var with = new MixtureGenerator(Pool(narrowband: true), seconds: 2);
        var without = new MixtureGenerator(Pool(narrowband: false), seconds: 2);
        int same = 0;
        for (int i = 0; i < 40; i++)
        {
            var a = with.Generate(9, i);
            if (a.Description.StartsWith("narrowband", StringComparison.Ordinal)) continue;
            var b = without.Generate(9, i);
            Assert.Equal(b.Description, a.Description);
            Assert.Equal(b.Noisy, a.Noisy);
            same++;
        }
        Assert.True(same > 10);
    }

    [Fact]
    public void Dev_selections_never_draw_narrowband_speech()
    {
        var g = new MixtureGenerator(Pool(narrowband: true), seconds: 2) { RecordedNoiseOnly = true };
        for (int i = 0; i < 30; i++)
            Assert.DoesNotContain("narrow", g.Generate(4, i).Description, StringComparison.Ordinal);
    }
}
