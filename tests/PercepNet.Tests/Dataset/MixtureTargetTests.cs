using PercepNet.Cli.Dataset;

namespace PercepNet.Tests.Dataset;

/// <summary>
/// Mixtures and their targets in-process, on the real speech clips of the fake data root: the source
/// selection, the generator's determinism, and whether the labels mean what docs/FEATURES.md says.
/// </summary>
[Collection(FakeDataRoot.Collection)]
public sealed class MixtureTargetTests(FakeDataRoot data)
{
    private const int Hop = 480;

    private static float[] Label(float[] noisy, float[] target, double bandEdgeHz)
    {
        var labeler = new MixtureLabeler();
        var records = new float[labeler.FramesFor(noisy.Length) * MixtureLabeler.RecordFloats];
        labeler.Label(noisy, target, bandEdgeHz, records);
        return records;
    }

    private static float[] Hops(float[] x) => x[..(x.Length / Hop * Hop)];

    /// <summary>Speech plus noise (looped to length) at the given SNR.</summary>
    private static float[] Mix(float[] speech, float[] noise, double snrDb)
    {
        var looped = Enumerable.Range(0, speech.Length).Select(i => noise[i % noise.Length]).ToArray();
        double k = Augmentation.Rms(speech) / Augmentation.Rms(looped) * Math.Pow(10, -snrDb / 20);
        return speech.Select((v, i) => (float)(v + k * looped[i])).ToArray();
    }

    private static float[] Scaled(float[] x, double k) => x.Select(v => (float)(v * k)).ToArray();

    private SourcePool Pool() => data.Pool;

    private static Source Find(List<Source> list, string path) => list.Single(s => s.File.Path == path);

    [SharedDataFact]
    public void Bad_files_are_named_on_the_log_writer_and_left_out_of_the_pool()
    {
        var log = new StringWriter();
        var pool = data.LoadPool(log);
        string text = log.ToString();
        Assert.Contains($"missing data file, skipped: {Path.Combine(data.Root, data.MissingSpeech)}", text);
        Assert.Contains(text.Split('\n'), l => l.Contains(data.CorruptNoise) && l.StartsWith("warning: cannot decode"));
        Assert.Contains(text.Split('\n'), l => l.Contains(data.EmptySpeech) && l.StartsWith("warning:") && l.Contains("skipped"));
        Assert.Equal(data.UsableTrainSpeech(false).Order(), pool.Speech.Select(s => s.File.Path).Order());
        Assert.Equal(data.UsableTrainNoise.Order(), pool.Noise.Select(s => s.File.Path).Order());
        Assert.All(pool.Speech.Concat(pool.Noise), s => Assert.True(s.Samples.Length > 48000, $"{s.File.Path}: {s.Samples.Length} samples"));

        var permissive = data.LoadPool(TextWriter.Null, permissiveOnly: true);
        Assert.Equal(data.UsableTrainSpeech(true).Order(), permissive.Speech.Select(s => s.File.Path).Order());
    }

    [SharedDataFact]
    public void Manifest_band_edges_come_from_clips_tsv_or_half_the_sample_rate()
    {
        var files = DataManifest.Load(data.Root).ToDictionary(f => f.Path);
        Assert.Equal(data.CvBandEdgeHz, files[data.SpeechCv].BandEdgeHz);
        Assert.Equal(24000, files[data.Speech48k].BandEdgeHz);
        Assert.Equal(22050, files[data.NoiseRain44k].BandEdgeHz);
        Assert.Equal(8000, files[data.Speech16k].BandEdgeHz);
    }

    [SharedDataFact]
    public void Generator_is_deterministic_per_seed_and_index()
    {
        var gen = new MixtureGenerator(Pool(), 1);
        var a = gen.Generate(4, 2);
        var b = new MixtureGenerator(data.LoadPool(TextWriter.Null), 1).Generate(4, 2);   // fresh pool, cache and generator
        Assert.Equal(a.Description, b.Description);
        Assert.Equal(a.Noisy, b.Noisy);
        Assert.Equal(a.Target, b.Target);
        Assert.Equal(a.BandEdgeHz, b.BandEdgeHz);
        Assert.NotEqual(a.Noisy, gen.Generate(5, 2).Noisy);
        Assert.NotEqual(a.Noisy, gen.Generate(4, 3).Noisy);
    }

    [SharedDataFact]
    public void About_a_seventh_of_inputs_carry_a_recording_floor_at_its_stated_level_and_targets_stay_clean()
    {
        var gen = new MixtureGenerator(Pool(), 1);
        int floors = 0, levelsChecked = 0;
        const int count = 200;
        for (int index = 0; index < count; index++)
        {
            var m = gen.Generate(7, index);
            var match = System.Text.RegularExpressions.Regex.Match(m.Description, @"floor (white|pink) (-\d+) dBFS");
            if (!match.Success) continue;
            floors++;
            double stated = double.Parse(match.Groups[2].Value);
            Assert.InRange(stated, -95, -60);
            // The floor is the input minus the target wherever neither speech nor noise is present: in a
            // noise-free or speech-free mixture the difference is the floor alone (plus reverb tails; skip those).
            if (!m.Description.Contains("noise-free") || m.Description.Contains("rir:")) continue;
            var diff = m.Noisy.Zip(m.Target, (a, b) => a - b).ToArray();
            Assert.InRange(20 * Math.Log10(Augmentation.Rms(diff)), stated - 1, stated + 1);
            levelsChecked++;
        }
        Assert.True(levelsChecked > 0, "no noise-free mixture with a floor among these: use more mixtures");
        Assert.InRange(floors, count * MixtureGenerator.RecordingFloorShare * 0.6, count * MixtureGenerator.RecordingFloorShare * 1.4);
    }

    [SharedDataFact]
    public void Band_limited_source_gets_extrapolated_low_weight_targets_above_its_edge()
    {
        var pool = Pool();
        var cv = Hops(Find(pool.Speech, data.SpeechCv).Samples);
        var noisy = Mix(cv, Find(pool.Noise, data.NoisePink48k).Samples, 5);
        var masked = Label(noisy, cv, data.CvBandEdgeHz);
        var full = Label(noisy, cv, 24000);
        int frames = cv.Length / Hop, valid = Records.ValidBands(data.CvBandEdgeHz);
        Assert.InRange(valid, 25, 32);   // a 12–14 kHz edge leaves the top few bands unknown
        Records.AssertWellFormed(masked, 0, frames, "band-limited");
        Records.AssertWellFormed(full, 0, frames, "fullband");
        double rawAbove = 0, rawBelow = 0;
        for (int t = 0; t < frames; t++)
        {
            for (int b = 0; b < 34; b++)
            {
                Assert.Equal(b < valid ? 1f : MixtureLabeler.ExtrapolatedWeight, Records.Weights(masked, t)[b]);
                Assert.Equal(1f, Records.Weights(full, t)[b]);
                if (b < valid)
                {
                    // Below the edge the mask changes nothing.
                    Assert.Equal(Records.Gains(full, t)[b], Records.Gains(masked, t)[b]);
                    Assert.Equal(Records.Strengths(full, t)[b], Records.Strengths(masked, t)[b]);
                }
            }
            Assert.True(Records.Features(full, t).SequenceEqual(Records.Features(masked, t)));
            rawAbove += Records.Gains(full, t)[valid + 1];
            rawBelow += Records.Gains(full, t)[valid - 4];
        }
        // Why the mask exists: the clip is empty above its edge, so the raw target there says "remove the band".
        Assert.True(rawAbove / frames < 0.1, $"mean raw gain above the edge {rawAbove / frames:F3}");
        Assert.True(rawBelow / frames > 3 * rawAbove / frames, $"mean raw gain below the edge {rawBelow / frames:F3}, above {rawAbove / frames:F3}");
    }

    /// <summary>Scans a generator without room responses for the first mixture that passes <paramref name="pick"/>.</summary>
    private static Mixture FindMixture(SourcePool pool, Func<Mixture, bool> pick)
    {
        var gen = new MixtureGenerator(new SourcePool { Speech = pool.Speech, Noise = pool.Noise, RoomResponses = [] }, 1);
        for (int i = 0; i < 1000; i++)
        {
            var m = gen.Generate(1, i);
            if (pick(m)) return m;
        }
        throw new InvalidOperationException("no such mixture in 1000");
    }

    [SharedDataFact]
    public void Noise_free_dry_mixture_has_unit_gains_and_no_comb_strength()
    {
        // Without room responses and noise, the input is the target itself.
        var m = FindMixture(Pool(), m => m.Noisy.AsSpan().SequenceEqual(m.Target) && Augmentation.Rms(m.Target) > 0);
        var r = Label(m.Noisy, m.Target, m.BandEdgeHz);
        int frames = m.Noisy.Length / Hop, speechFrames = 0;
        Records.AssertWellFormed(r, 0, frames, m.Description);
        float Loudest(int t) => Records.Features(r, t)[..34].ToArray().Max();
        float peak = Enumerable.Range(0, frames).Max(Loudest);
        for (int t = 0; t < frames; t++)
        {
            if (Loudest(t) > peak - 3) speechFrames++;   // within 30 dB of the loudest frame
            for (int b = 0; b < 34; b++)
            {
                Assert.Equal(1f, Records.Gains(r, t)[b], 1e-5f);
                Assert.True(Records.Strengths(r, t)[b] < 1e-3f, $"frame {t} band {b}: strength {Records.Strengths(r, t)[b]} for an input as periodic as its target");
            }
        }
        Assert.True(speechFrames >= 10, $"{speechFrames} of {frames} frames carry speech: {m.Description}");
    }

    [SharedDataFact]
    public void Speech_free_mixture_has_zero_gains_wherever_there_is_input()
    {
        var m = FindMixture(Pool(), m => m.Target.All(v => v == 0));
        Assert.Equal(24000, m.BandEdgeHz);
        var r = Label(m.Noisy, m.Target, m.BandEdgeHz);
        int frames = m.Noisy.Length / Hop, cells = 0, loud = 0;
        Records.AssertWellFormed(r, 0, frames, m.Description);
        for (int t = 0; t < frames; t++)
            for (int b = 0; b < 34; b++, cells++)
            {
                Assert.Equal(1f, Records.Weights(r, t)[b]);
                // log10(E + 1e-6) above log10(2e-6): the band holds input energy, none of it wanted.
                if (Records.Features(r, t)[b] <= -5.69f) continue;
                loud++;
                Assert.Equal(0f, Records.Gains(r, t)[b]);
            }
        Assert.True(loud > cells / 2, $"only {loud} of {cells} cells carry noise: {m.Description}");
    }

    [SharedDataFact]
    public void Speech_and_noise_gains_add_up_to_the_input_energy()
    {
        // Real speech and real rain at 0 dB: E_s+n ≈ E_s + E_n per band, so g_s² + g_n² ≈ 1 on average
        // (the cross term averages out); targets computed against the wrong signal or frame would not.
        var pool = Pool();
        var s = Hops(Find(pool.Speech, data.Speech48k).Samples);
        var rain = Find(pool.Noise, data.NoiseRain44k).Samples;
        var noisy = Mix(s, rain, 0);
        var n = noisy.Select((v, i) => v - s[i]).ToArray();
        var gs = Label(noisy, s, 24000);
        var gn = Label(noisy, n, 24000);
        int frames = s.Length / Hop, cells = 0, voicedStrong = 0;
        double sum = 0;
        for (int t = 0; t < frames; t++)
        {
            for (int b = 0; b < 33; b++)   // the top band is empty above 22.05 kHz in the 44.1 kHz rain
            {
                if (Records.Features(gs, t)[b] < -4) continue;
                double gS = Records.Gains(gs, t)[b], gN = Records.Gains(gn, t)[b];
                sum += gS * gS + gN * gN;
                cells++;
            }
            for (int b = 0; b < 12; b++) if (Records.Strengths(gs, t)[b] > 0.3f) voicedStrong++;
        }
        Assert.True(cells > frames * 10, $"{cells} cells with energy");
        Assert.InRange(sum / cells, 0.9, 1.1);
        // Voiced speech under noise is more periodic than the input: the comb filter has work to do.
        Assert.True(voicedStrong > frames, $"{voicedStrong} low-band cells with strength > 0.3 in {frames} frames");
    }

    [SharedDataFact]
    public void Energy_features_are_raw_log_band_energies_of_the_input()
    {
        // Un-normalised: 20 dB more input moves log10(E) by 2 wherever E is well above the 1e-6 floor.
        var s = Hops(Find(Pool().Speech, data.Speech48k).Samples);
        var quiet = Label(s, s, 24000);
        var loud = Label(Scaled(s, 10), Scaled(s, 10), 24000);
        int compared = 0;
        for (int t = 0; t < s.Length / Hop; t++)
            for (int b = 0; b < 34; b++)
            {
                if (Records.Features(quiet, t)[b] < -4) continue;   // the floor shifts the difference by < 0.005
                Assert.Equal(2.0, Records.Features(loud, t)[b] - Records.Features(quiet, t)[b], 0.01);
                compared++;
            }
        Assert.True(compared > 100, $"{compared} cells compared");
    }
}
