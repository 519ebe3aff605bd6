using PercepNet.Cli.Dataset;

namespace PercepNet.Tests.Dataset;

/// <summary>
/// Mixer revision 8: narrowband training speech comes in mixtures of its own, low-passed whole like a 16 kHz recording,
/// so a fullband mixture never has its loss masked at a narrowband clip's edge, and a pool without narrowband speech
/// mixes exactly as revision 7.
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
        // NarrowbandShare = 0.25 of ~190 mixtures with speech: about 47.
        Assert.InRange(narrow, 0.15 * speech, 0.35 * speech);
    }

    [Fact]
    public void Narrowband_mixtures_hear_harmonic_non_speech_more_often()
    {
        // Revision 9: without a top octave a hoot and a voice look alike, so half of a narrowband mixture's noise
        // layers are harmonic (calls, instruments, insects); fullband mixtures keep revision 8's draws (~ a fifth).
        string[] harmonic = ["hoot", "howl", "whistle", "chirp", "siren", "insects", "beeps"];
        var speechOnly = Pool(narrowband: true);
        var pool = new SourcePool   // with a recording: recordings take revision 8's first 47 % of draws
        {
            Speech = speechOnly.Speech,
            NarrowbandSpeech = speechOnly.NarrowbandSpeech,
            Noise = [Clip("rain", 0, 24000)],
            RoomResponses = [],
        };
        var g = new MixtureGenerator(pool, seconds: 1);
        int[] layers = new int[2], harmonicLayers = new int[2];
        for (int i = 0; i < 600; i++)
        {
            var m = g.Generate(5, i);
            int k = m.Narrowband ? 1 : 0;
            foreach (var d in m.Description.Split(", "))
            {
                bool isHarmonic = harmonic.Any(h => d.StartsWith(h, StringComparison.Ordinal));
                bool isOther = d.StartsWith("noise:", StringComparison.Ordinal) || d is "white" or "pink" or "brown" || d.StartsWith("babble", StringComparison.Ordinal) || d.StartsWith("speech-shaped", StringComparison.Ordinal) ||
                    d.StartsWith("hum", StringComparison.Ordinal) || d.StartsWith("machine", StringComparison.Ordinal) ||
                    d.StartsWith("motor", StringComparison.Ordinal) || d.StartsWith("strokes", StringComparison.Ordinal);
                if (isHarmonic) harmonicLayers[k]++;
                if (isHarmonic || isOther) layers[k]++;
            }
        }
        double narrowShare = (double)harmonicLayers[1] / layers[1], wideShare = (double)harmonicLayers[0] / layers[0];
        Assert.True(narrowShare > wideShare + 0.25, $"harmonic layers: narrowband {narrowShare:P0} of {layers[1]}, fullband {wideShare:P0} of {layers[0]}");
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
    public void Narrowband_mixtures_are_band_limited_recordings_with_nothing_above_the_edge()
    {
        var g = new MixtureGenerator(Pool(narrowband: true), seconds: 2);
        int narrow = 0;
        for (int i = 0; i < 120; i++)
        {
            var m = g.Generate(7, i);
            Assert.Equal(m.Description.StartsWith("narrowband recording", StringComparison.Ordinal), m.Narrowband);
            if (!m.Narrowband) continue;
            narrow++;
            // Above the edge (plus the filter's 260 Hz transition) input and target hold nothing but the recording
            // floor some mixtures get after the filter (≤ −60 dBFS): at least 60 dB below what is under the edge.
            double Share(float[] x) => HighShare(x, m.BandEdgeHz + 300);
            if (!m.Description.Contains("floor", StringComparison.Ordinal)) Assert.True(Share(m.Noisy) < 1e-6, $"{Share(m.Noisy)}: {m.Description}");
            Assert.True(Share(m.Target) < 1e-6, $"{Share(m.Target)}: {m.Description}");
        }
        Assert.True(narrow > 10);
    }

    /// <summary>Share of <paramref name="x"/>'s energy above <paramref name="hz"/>.</summary>
    private static double HighShare(float[] x, double hz)
    {
        int n = 1;
        while (n < x.Length) n <<= 1;
        var z = new PercepNet.Engine.Dsp.Complex32[n];
        // Hann-windowed: a rectangular window's side lobes would leak the pass band above the edge.
        for (int i = 0; i < x.Length; i++) z[i] = new PercepNet.Engine.Dsp.Complex32((float)(x[i] * (0.5 - 0.5 * Math.Cos(2 * Math.PI * i / x.Length))), 0);
        new PercepNet.Engine.Dsp.ComplexFft(n).Forward(z);
        double high = 0, all = 1e-30;
        for (int k = 0; k <= n / 2; k++)
        {
            double e = (double)z[k].Re * z[k].Re + (double)z[k].Im * z[k].Im;
            all += e;
            if (k * 48000.0 / n > hz) high += e;
        }
        return high / all;
    }

    [Fact]
    public void Low_pass_keeps_the_pass_band_in_phase_and_removes_the_stop_band()
    {
        var x = Enumerable.Range(0, 48000).Select(i => (float)(Math.Sin(2 * Math.PI * 1000 * i / 48000.0) + Math.Sin(2 * Math.PI * 12000 * i / 48000.0))).ToArray();
        var y = Augmentation.LowPassed(x, 8000);
        var tone = Enumerable.Range(0, 48000).Select(i => (float)Math.Sin(2 * Math.PI * 1000 * i / 48000.0)).ToArray();
        // Away from the edges: y is the 1 kHz tone, unshifted (zero phase), to within the 74 dB stop band.
        double err = 0, sig = 0;
        for (int i = 2000; i < 46000; i++) { err += Math.Pow(y[i] - tone[i], 2); sig += tone[i] * tone[i]; }
        Assert.True(10 * Math.Log10(err / sig) < -60, $"{10 * Math.Log10(err / sig):F1} dB");
    }

    [Fact]
    public void Narrowband_labels_weigh_nothing_above_the_edge_and_others_keep_the_extrapolated_weight()
    {
        var rng = new Random(2);
        var speech = Enumerable.Range(0, 48000).Select(i => (float)(0.1 * Math.Sin(i * 0.07) * (i % 9600 < 6000 ? 1 : 0))).ToArray();
        var noisy = speech.Select(v => (float)(v + 0.01 * (rng.NextDouble() - 0.5))).ToArray();
        var labeler = new MixtureLabeler();
        int frames = labeler.FramesFor(noisy.Length);
        var plain = new float[frames * MixtureLabeler.RecordFloats];
        var narrow = new float[frames * MixtureLabeler.RecordFloats];
        labeler.Label(noisy, speech, 8000, plain);
        labeler.Label(noisy, speech, 8000, narrow, narrowband: true);
        int nf = PercepNet.Engine.Dsp.FeatureExtractor.Count, nb = PercepNet.Engine.Dsp.ErbBands.Count;
        int above = 0;
        for (int t = 0; t < frames; t++)
            for (int b = 0; b < nb; b++)
            {
                int w = t * MixtureLabeler.RecordFloats + nf + 2 * nb + b;
                if (plain[w] == 1f) { Assert.Equal(1f, narrow[w]); continue; }
                Assert.Equal(MixtureLabeler.ExtrapolatedWeight, plain[w]);
                Assert.Equal(0f, narrow[w]);
                above++;
            }
        Assert.True(above > 0);
        // Features and targets are the same; only the weights differ.
        for (int t = 0; t < frames; t++)
            Assert.Equal(plain.AsSpan(t * MixtureLabeler.RecordFloats, nf + 2 * nb).ToArray(), narrow.AsSpan(t * MixtureLabeler.RecordFloats, nf + 2 * nb).ToArray());
    }

    [Fact]
    public void Dev_selections_never_draw_narrowband_speech()
    {
        var g = new MixtureGenerator(Pool(narrowband: true), seconds: 2) { RecordedNoiseOnly = true };
        for (int i = 0; i < 30; i++)
            Assert.DoesNotContain("narrow", g.Generate(4, i).Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Classic_draws_never_draw_narrowband_speech()
    {
        // Revision 3's distribution had no narrowband mixtures; a quarter of them would otherwise come from whatever few
        // narrowband clips the pool holds.
        var classic = new MixtureGenerator(Pool(narrowband: true), seconds: 2) { Classic = true };
        var current = new MixtureGenerator(Pool(narrowband: true), seconds: 2);
        Assert.All(Enumerable.Range(0, 40), i => Assert.DoesNotContain("narrow", classic.Generate(4, i).Description, StringComparison.Ordinal));
        Assert.Contains(Enumerable.Range(0, 40), i => current.Generate(4, i).Description.Contains("narrowband recording", StringComparison.Ordinal));
    }
}
