using System.Globalization;
using PercepNet.Cli.Dataset.Synthetic;

namespace PercepNet.Cli.Dataset;

/// <summary>
/// One training mixture: noisy input, target speech, and the target's usable bandwidth; <paramref name="Narrowband"/>
/// when its speech came from the narrowband corpora (its loss is not extrapolated above the edge, see
/// <see cref="MixtureLabeler"/>).
/// </summary>
public sealed record Mixture(float[] Noisy, float[] Target, double BandEdgeHz, string Description, bool Narrowband = false);

/// <summary>
/// Builds training mixtures (issues 4, 18): speech utterances with speed/pitch change, gain and EQ;
/// optional reverberation (target keeps the direct path and the first 50 ms); noise from recordings
/// (sometimes speed-changed or level-modulated), rendered instruments, procedural harmonic calls, insects and
/// beeps, machines, babble of 4–20 talkers, speech-shaped noise, coloured noise and mains hum (clicks only on
/// request, <see cref="ClicksShare"/>), 30 % of noise layers band-limited;
/// SNR −10..20 dB with half the mass below 5 dB (15 % at 20–35 dB), 15 % noise-free and 6 % speech-free
/// mixtures; overall level over a wide range; 15 % carry a recording floor (−95..−60 dBFS) on the input.
/// Deterministic per (seed, index).
/// </summary>
public sealed class MixtureGenerator(SourcePool pool, int seconds = 10)
{
    private const int Rate = 48000;
    /// <summary>
    /// Written to the dataset manifest (`generator`); bump when the same seed would give different mixtures.
    /// 2: fixed (seed, index) hash, 10 % noise-free, 20–35 dB tail, noise speed/level changes. Revision-1 data
    /// (per-process seeds) cannot be regenerated.
    /// 3: the recording floor (<see cref="AddRecordingFloor"/>), drawn from its own stream, so every other draw and
    /// every mixture without a floor is as in revision 2.
    /// 4: the noise families of issue 18 (instruments, Synthetic/), held-out noise kinds left out of training,
    /// 8 % speech-free, SNR −10..20 dB with half the mass below 5 dB, a second noise layer in 40 %.
    /// 5: no voice-like low calls among the harmonic calls, 6 % speech-free, 15 % noise-free and 15 % of the noisy
    /// mixtures at 20–35 dB: revision 4 taught the Light model to attack clean speech (docs/generalization.md).
    /// 6: no clicks, half the instrument share (7 %) and no drum-only renders, recordings 47 %: both have sharp
    /// onsets, and revision 5 cost clean speech its word onsets.
    /// 7: the dev selections (<see cref="RecordedNoiseOnly"/>) draw speech corpus by corpus; training mixtures are as in 6.
    /// 8: <see cref="NarrowbandShare"/> of the training mixtures take their speech from the pool's narrowband corpora
    /// (drawn from a stream of their own) and are low-passed whole at the speech's edge, like a recording made at 16 or
    /// 32 kHz; a pool without narrowband speech gives revision 7's mixtures.
    /// 9: <see cref="NarrowbandHarmonicShare"/> of a narrowband mixture's noise layers are harmonic non-speech; every
    /// other mixture is as in revision 8.
    /// 10: pauses as long as people make them: <see cref="LongLeadInShare"/> of the training mixtures open on 1–4 s of
    /// noise alone before the first word and <see cref="LongPauseShare"/> of the gaps between utterances last 1–3 s,
    /// drawn from a stream of their own; a mixture with neither is revision 9's. Dev selections and classic draws keep
    /// revision 9's pauses.
    /// 11: <see cref="BandLimitedNoiseShare"/> of a training mixture's noise layers are confined to part of the spectrum
    /// (<see cref="BandLimit"/>), drawn from a stream of their own; a mixture with none is revision 10's.
    /// </summary>
    public const int Revision = 11;

    /// <summary>
    /// Share of training noise layers that are band-limited: low-passed at 1–12 kHz, high-passed at 0.3–4 kHz or
    /// band-passed over ½–2 octaves (revision 11). Until revision 10 a layer's spectrum changed only by two ±8 dB
    /// shelves, so noise covered the whole band, and the network learnt gains smoother across bands than the
    /// targets: on the unheard running tap (a 16 kHz recording, 2–8 kHz) at −5 to 5 dB the shipped model kept
    /// gains of 0.21–0.26 where the targets were 0.10–0.12, and took speech above 8 kHz, where there is no noise
    /// (0.38–0.55 against 0.59–0.79); RNNoise 0.2 left 9–17 dB less noise in that band (docs/generalization.md).
    /// Noise recorded at a lower rate or behind a wall, a hiss, a resonance, an insect's song are band-limited.
    /// </summary>
    public const double BandLimitedNoiseShare = 0.3;

    /// <summary>
    /// Share of training mixtures whose first word comes after 1–4 s of noise alone (revision 10). Until revision 9
    /// the first word came within 0.5 s and gaps lasted at most 0.6 s, so the only long stretch of noise alone the
    /// network met was a speech-free mixture, where "stay closed" is right to the end: every material that taught it
    /// to close on noise (revision 9, the noise-leak term) also closed it on the first word after room tone, −31 to
    /// −47 dB on the clean check (docs/generalization.md). Podcasts, streams and calls open on room tone and pause
    /// for seconds; the onset term sees these first words.
    /// </summary>
    public const double LongLeadInShare = 0.25;

    /// <summary>Share of the gaps between a training mixture's utterances that last 1–3 s (revision 10).</summary>
    public const double LongPauseShare = 0.15;

    /// <summary>
    /// Share of a narrowband mixture's noise layers that are harmonic non-speech: calls, rendered instruments, insects
    /// (revision 9). Without a top octave, "no energy above 8 kHz" no longer tells a hoot from a voice; with
    /// revision 8's ordinary draws (a fifth of layers harmonic) the fine-tunes that learnt to keep band-limited speech
    /// passed 3–4 dB more of the unheard cat, farm and orchestra recordings (docs/generalization.md).
    /// </summary>
    public const double NarrowbandHarmonicShare = 0.5;

    /// <summary>
    /// Share of training mixtures that are narrowband recordings (speech of a 7–12 kHz band edge, the whole mixture
    /// low-passed there) when the pool has such speech. The
    /// fullband corpora hold about 1.7 h and 1,000 speakers, most with one clip, and every fine-tune overfitted them
    /// within a few epochs (docs/generalization.md); the narrowband corpora add hours of quiet read speech, children
    /// among them. Below their edge they teach every band; above it the loss is masked.
    /// </summary>
    public const double NarrowbandShare = 0.25;

    /// <summary>Share of mixtures whose input gets a recording floor.</summary>
    public const double RecordingFloorShare = 0.15;

    public Mixture Generate(int seed, int index)
    {
        var rng = new Random(MixtureSeed(seed, index));
        int n = seconds * Rate;
        var desc = new List<string>();

        // --- speech ---
        var speech = new float[n];
        double bandEdge = Rate / 2.0;
        bool speechFree = rng.NextDouble() < (Classic ? 0.04 : 0.06);
        var speechSources = pool.Speech;
        // Revision 3 had no narrowband mixtures: classic draws keep its fullband speech (a shared/data root alone holds
        // three 7–12 kHz clips, which took a quarter of every classic set).
        bool narrowband = !speechFree && !RecordedNoiseOnly && !Classic && pool.NarrowbandSpeech.Count > 0
            && new Random(MixtureSeed(seed ^ NarrowbandStream, index)).NextDouble() < NarrowbandShare;
        if (narrowband)
        {
            speechSources = pool.NarrowbandSpeech;
            desc.Add("narrowband recording");
        }
        if (!speechFree)
        {
            var pauses = Classic || RecordedNoiseOnly ? null : new Random(MixtureSeed(seed ^ PauseStream, index));
            int pos = (int)(rng.NextDouble() * 0.5 * Rate);
            // At least 60 % of the mixture stays for speech (short test mixtures get no long lead-in).
            if (pauses is not null && pauses.NextDouble() < LongLeadInShare && LongPause(pauses, 1, Math.Min(4, 0.4 * seconds)) is { } lead)
            {
                pos = (int)(lead * Rate);
                desc.Add($"lead-in {lead:F1} s");
            }
            while (pos < n)
            {
                var src = RecordedNoiseOnly ? SpeechByCorpus(rng) : speechSources[rng.Next(speechSources.Count)];
                double speed = 0.88 + rng.NextDouble() * 0.24;
                var utt = Augmentation.ChangeSpeed(src.Samples, speed);
                Augmentation.Scale(utt, Math.Pow(10, (rng.NextDouble() * 12 - 6) / 20) / Math.Max(1e-4, Augmentation.Rms(utt)) * 0.05);
                int len = Math.Min(utt.Length, n - pos);
                for (int i = 0; i < len; i++) speech[pos + i] += utt[i];
                bandEdge = Math.Min(bandEdge, src.File.BandEdgeHz * speed);
                desc.Add($"{Path.GetFileName(src.File.Path)}@{speed:F2}");
                int gap = (int)(rng.NextDouble() * 0.6 * Rate);
                if (pauses is not null && pauses.NextDouble() < LongPauseShare && LongPause(pauses, 1, 3) is { } pause)
                {
                    gap = (int)(pause * Rate);
                    if (pos + len + gap < n) desc.Add($"pause {pause:F1} s");   // named only when a word follows it
                }
                pos += len + gap;
            }
            Augmentation.RandomEq(speech, rng);
        }

        // --- reverberation: target = direct + early 50 ms, input = full response ---
        var target = speech;
        var reverberant = speech;
        if (!speechFree && pool.RoomResponses.Count > 0 && rng.NextDouble() < 0.5)
        {
            var rir = pool.RoomResponses[rng.Next(pool.RoomResponses.Count)];
            var h = NormalizePeak(rir.Samples);
            reverberant = FftConvolver.Convolve(speech, h);
            target = FftConvolver.Convolve(speech, Augmentation.EarlyPart(h));
            desc.Add("rir:" + Path.GetFileName(rir.File.Path));
        }

        // --- noise ---
        var noise = new float[n];
        // Nearly clean input is PercepNet's known weak spot (over-attenuation, fixed in PercepNet+):
        // 15 % noise-free mixtures and a 20–35 dB tail keep the model from touching clean speech; with the
        // harmonic noise families of revision 4, 10 % each was not enough.
        bool noiseFree = !speechFree && rng.NextDouble() < (Classic ? 0.10 : 0.15);
        if (!noiseFree)
        {
            var shapes = Classic || RecordedNoiseOnly ? null : new Random(MixtureSeed(seed ^ BandShapeStream, index));
            int layers = 1 + (rng.NextDouble() < (Classic ? 0.3 : 0.4) ? 1 : 0);
            for (int l = 0; l < layers; l++)
            {
                var layer = narrowband && !Classic && rng.NextDouble() < NarrowbandHarmonicShare ? HarmonicLayer(rng, n, desc) : NoiseLayer(rng, n, desc);
                Augmentation.RandomEq(layer, rng);
                if (shapes is not null && shapes.NextDouble() < BandLimitedNoiseShare) layer = BandLimit(layer, shapes, desc);
                double k = Math.Pow(10, (rng.NextDouble() * 12 - 6) / 20) / Math.Max(1e-6, Augmentation.Rms(layer));
                for (int i = 0; i < n; i++) noise[i] += (float)(k * layer[i]);
            }
        }

        // --- SNR and level ---
        double speechRms = Augmentation.Rms(reverberant);
        double noiseRms = Augmentation.Rms(noise);
        // Low SNR is where the model lost to RNNoise 0.2 (issue 18): half of the noisy mixtures lie at −10..5 dB.
        double snr = Classic ? (rng.NextDouble() < 0.1 ? 20 + rng.NextDouble() * 15 : -5 + rng.NextDouble() * 25)
            : rng.NextDouble() < 0.15 ? 20 + rng.NextDouble() * 15
            : rng.NextDouble() < 0.5 ? -10 + rng.NextDouble() * 15 : 5 + rng.NextDouble() * 15;
        if (!speechFree && !noiseFree && noiseRms > 0)
            Augmentation.Scale(noise, speechRms / noiseRms * Math.Pow(10, -snr / 20));
        var noisy = new float[n];
        for (int i = 0; i < n; i++) noisy[i] = reverberant[i] + noise[i];
        double levelDb = -45 + rng.NextDouble() * 40;  // mixture RMS −45..−5 dBFS
        double mixRms = Augmentation.Rms(noisy);
        double g = mixRms > 0 ? Math.Pow(10, levelDb / 20) / mixRms : 1;
        double peak = 0;
        foreach (var v in noisy) peak = Math.Max(peak, Math.Abs(v));
        if (peak * g > 0.99) g = 0.99 / peak;
        var targetOut = new float[n];
        for (int i = 0; i < n; i++) { noisy[i] = (float)(noisy[i] * g); targetOut[i] = (float)(target[i] * g); }
        desc.Add(speechFree ? "speech-free" : noiseFree ? "noise-free" : $"snr {snr:F1} dB");
        desc.Add($"level {levelDb:F1} dBFS");
        if (narrowband)
        {
            // A 16 or 32 kHz recording played at 48 kHz: nothing above the speech's edge, noise included (users feed
            // such files; the shipped model took 11 dB off clean dev speech low-passed at 7.9 kHz). Narrowband speech
            // over fullband noise is left out: there a voice without a top octave is what an owl's hoot is, and the
            // model that learnt to keep it passed more harmonic noise (docs/generalization.md).
            noisy = Augmentation.LowPassed(noisy, bandEdge);
            targetOut = Augmentation.LowPassed(targetOut, bandEdge);
        }
        AddRecordingFloor(noisy, new Random(MixtureSeed(seed ^ FloorStream, index)), desc);
        return new Mixture(noisy, targetOut, speechFree ? Rate / 2.0 : bandEdge, string.Join(", ", desc), narrowband);
    }

    private const int FloorStream = 0x0F1004;
    private const int NarrowbandStream = 0x0BA4D8;
    private const int PauseStream = 0x9A05E5;
    private const int BandShapeStream = 0x0BA5D1;

    /// <summary>
    /// A noise layer confined to part of the spectrum (revision 11): low-passed at 1–12 kHz (40 %), high-passed at
    /// 0.3–4 kHz (30 %) or band-passed over ½–2 octaves centred at 0.3–8 kHz (30 %), cut-offs log-uniform, with the
    /// mixer's zero-phase 1,023-tap filters. A layer that would keep less than 1/1000 of its energy (hum high-passed
    /// at 4 kHz) stays whole, so the SNR scaling never amplifies a filter's stop band.
    /// </summary>
    internal static float[] BandLimit(float[] layer, Random rng, List<string> desc)
    {
        double u = rng.NextDouble(), a = rng.NextDouble(), b = rng.NextDouble();
        float[] shaped;
        string name;
        if (u < 0.4)
        {
            double fc = 1000 * Math.Pow(12, a);
            shaped = Augmentation.LowPassed(layer, fc);
            name = string.Create(CultureInfo.InvariantCulture, $"lowpass {fc / 1000:F1} kHz");
        }
        else if (u < 0.7)
        {
            double fc = 300 * Math.Pow(4000 / 300.0, a);
            shaped = Augmentation.HighPassed(layer, fc);
            name = string.Create(CultureInfo.InvariantCulture, $"highpass {fc / 1000:F1} kHz");
        }
        else
        {
            double centre = 300 * Math.Pow(8000 / 300.0, a), octaves = 0.5 + 1.5 * b;
            double lo = centre / Math.Pow(2, octaves / 2), hi = Math.Min(20000, centre * Math.Pow(2, octaves / 2));
            shaped = Augmentation.LowPassed(Augmentation.HighPassed(layer, lo), hi);
            name = string.Create(CultureInfo.InvariantCulture, $"bandpass {lo / 1000:F1}-{hi / 1000:F1} kHz");
        }
        if (Augmentation.Rms(shaped) < 0.03 * Augmentation.Rms(layer)) return layer;
        desc.Add(name);
        return shaped;
    }

    /// <summary>A pause of <paramref name="min"/>..<paramref name="max"/> s, or null when the range is empty (the draw is
    /// taken either way, so the stream does not depend on the mixture's length).</summary>
    private static double? LongPause(Random rng, double min, double max)
    {
        double u = rng.NextDouble();
        return max >= min ? min + u * (max - min) : null;
    }

    /// <summary>
    /// Adds a very low white or pink floor (−95..−60 dBFS) to the input of <see cref="RecordingFloorShare"/> of the
    /// mixtures. Without it the only near-silence the network met was exact zeros (the gaps between utterances of
    /// noise-free mixtures), and it took the first word after a real recording's −78 dB lead-in for noise
    /// (models/MODEL_CARD.md, clean speech: the onset of cv/common_voice_cv_18655287 lost 2–4 dB). The target
    /// stays clean: the floor is noise at a very high SNR, like any other.
    /// </summary>
    private static void AddRecordingFloor(float[] noisy, Random rng, List<string> desc)
    {
        if (rng.NextDouble() >= RecordingFloorShare) return;
        double floorDb = -95 + rng.NextDouble() * 35;
        var floorDesc = new List<string>();
        var floor = ColouredNoise(rng, noisy.Length, floorDesc, kinds: 2);
        double k = Math.Pow(10, floorDb / 20) / Math.Max(1e-9, Augmentation.Rms(floor));
        for (int i = 0; i < noisy.Length; i++) noisy[i] += (float)(k * floor[i]);
        desc.Add($"floor {floorDesc[0]} {floorDb:F0} dBFS");
    }

    /// <summary>
    /// A fixed hash of (seed, index) (SplitMix64's finaliser): the same command makes the same data in
    /// every process. HashCode.Combine, used before, is randomised per process.
    /// </summary>
    public static int MixtureSeed(int seed, int index)
    {
        ulong z = ((ulong)(uint)seed << 32 | (uint)index) + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (int)(z ^ (z >> 31));
    }

    /// <summary>
    /// Revision 3's draws (recordings 60 %, babble of 4–8 15 %, coloured noise 17 %, hum 8 %; SNR −5..20 dB with
    /// 10 % at 20–35 dB; 4 % speech-free, 10 % noise-free; a second layer in 30 %) over this revision's sources:
    /// the distribution the shipped models learned, replayed beside the new one so a fine-tune learns the new
    /// families without forgetting the old balance (`percepnet dataset --classic`).
    /// </summary>
    public bool Classic { get; init; }

    /// <summary>
    /// Noise from the pool's recordings only: the dev selections, whose noise must be exactly the held-out
    /// recordings (the procedural families are training material).
    /// </summary>
    public bool RecordedNoiseOnly { get; init; }

    /// <summary>
    /// A dev selection's utterance: first a speech corpus (the folder under speech/), then a clip of it. Drawn clip by
    /// clip, the 497 short Callie prompts made 85 % of the held-out dev set's speech and steered its loss.
    /// </summary>
    private Source SpeechByCorpus(Random rng)
    {
        var corpus = _corpora[rng.Next(_corpora.Length)];
        return corpus[rng.Next(corpus.Length)];
    }

    private readonly Source[][] _corpora = SourcePool.Strata(pool.Speech, SourcePool.Corpus);

    private float[] NoiseLayer(Random rng, int n, List<string> desc)
    {
        double u = RecordedNoiseOnly ? 0 : rng.NextDouble();
        if (Classic) return ClassicNoiseLayer(u, rng, n, desc);
        if (u < 0.47 && pool.Noise.Count > 0) return Recording(pool.Noise, rng, n, desc);
        if (u < 0.54 && pool.Instruments.Count > 0) return Recording(pool.Instruments, rng, n, desc);
        if (u < 0.66) return HarmonicCalls.Make(rng, n, desc);
        if (u < 0.75) return PulsedTones.Make(rng, n, desc);
        if (u < 0.81) return MachineNoise.Make(rng, n, desc);
        if (u < 0.81 + ClicksShare) return Clicks.Make(rng, n, desc);
        if (u < 0.93 && pool.Speech.Count > 4) return Babble(rng, n, desc);
        if (u < 0.98) return ColouredNoise(rng, n, desc);
        return Hum(rng, n, desc);
    }

    /// <summary>Harmonic non-speech: calls 60 %, instrument renders 25 %, insects and beeps 15 %.</summary>
    private float[] HarmonicLayer(Random rng, int n, List<string> desc)
    {
        double u = rng.NextDouble();
        if (u < 0.6) return HarmonicCalls.Make(rng, n, desc);
        if (u < 0.85 && pool.Instruments.Count > 0) return Recording(pool.Instruments, rng, n, desc);
        return PulsedTones.Make(rng, n, desc);
    }

    private float[] ClassicNoiseLayer(double u, Random rng, int n, List<string> desc)
    {
        if (u < 0.6 && pool.Noise.Count > 0) return Recording(pool.Noise, rng, n, desc);
        if (u < 0.75 && pool.Speech.Count > 4) return Babble(rng, n, desc, talkers: 4 + rng.Next(5));
        if (u < 0.92) return ColouredNoise(rng, n, desc);
        return Hum(rng, n, desc);
    }

    /// <summary>
    /// Share of noise layers that are clicks; 0 since revision 6: with them (4 %) the fine-tuned model lost word
    /// onsets in clean speech (worst −5.9 dB against −1.8; docs/generalization.md). `percepnet dataset
    /// --clicks-share S` takes S of the babble's share for them, for the ablation.
    /// </summary>
    public double ClicksShare { get; init; }

    private static float[] Recording(List<Source> sources, Random rng, int n, List<string> desc)
    {
        var src = sources[rng.Next(sources.Count)];
        desc.Add("noise:" + Path.GetFileName(src.File.Path));
        // Recordings are few: half the time shift their spectrum and rhythm with a speed change (0.7–1.4×),
        // and a third of the time modulate their level.
        double speed = rng.NextDouble() < 0.5 ? 0.7 * Math.Pow(2, rng.NextDouble()) : 1;
        var piece = Augmentation.Loop(src.Samples, rng.Next(src.Samples.Length), (int)(n * speed) + 64);
        var layer = speed == 1 ? piece : Augmentation.ChangeSpeed(piece, speed);
        if (layer.Length > n) Array.Resize(ref layer, n);
        if (speed != 1) desc.Add($"x{speed:F2}");
        if (rng.NextDouble() < 0.33) Modulate(layer, rng, desc);
        return layer;
    }

    /// <summary>
    /// Babble: 4–20 other utterances summed at random offsets (data README); a quarter of the time 24–40
    /// time-reversed ones instead, speech-shaped noise with no words or syllable rhythm left to follow.
    /// </summary>
    private float[] Babble(Random rng, int n, List<string> desc, int? talkers = null)
    {
        bool shaped = talkers == null && rng.NextDouble() < 0.25;
        talkers ??= shaped ? 24 + rng.Next(17) : 4 + rng.Next(17);
        var b = new float[n];
        for (int t = 0; t < talkers; t++)
        {
            var src = pool.Speech[rng.Next(pool.Speech.Count)].Samples;
            var looped = Augmentation.Loop(src, rng.Next(src.Length), n);
            if (shaped) Array.Reverse(looped);
            double k = 1 / Math.Max(1e-4, Augmentation.Rms(looped));
            for (int i = 0; i < n; i++) b[i] += (float)(k * looped[i]);
        }
        desc.Add(shaped ? $"speech-shaped x{talkers}" : $"babble x{talkers}");
        return b;
    }

    /// <summary>Slow level changes (0.2–4 Hz, up to ±12 dB): passing traffic, machines cycling, crowds.</summary>
    private static void Modulate(float[] x, Random rng, List<string> desc)
    {
        double rate = 0.2 * Math.Pow(20, rng.NextDouble()), depthDb = 3 + rng.NextDouble() * 9, phase = rng.NextDouble() * 2 * Math.PI;
        for (int i = 0; i < x.Length; i++)
            x[i] *= (float)Math.Pow(10, depthDb / 20 * Math.Sin(2 * Math.PI * rate * i / Rate + phase));
        desc.Add($"mod {rate:F1} Hz ±{depthDb:F0} dB");
    }

    /// <summary>White, pink or brown noise (stationary fan/HVAC stand-ins, missing from the data); the first
    /// <paramref name="kinds"/> of those three.</summary>
    private static float[] ColouredNoise(Random rng, int n, List<string> desc, int kinds = 3)
    {
        int kind = rng.Next(kinds);
        var y = new float[n];
        double b0 = 0, b1 = 0, b2 = 0, brown = 0;
        for (int i = 0; i < n; i++)
        {
            double w = rng.NextDouble() * 2 - 1;
            switch (kind)
            {
                case 0: y[i] = (float)w; break;
                case 1: // Paul Kellet's economy pink filter
                    b0 = 0.99765 * b0 + w * 0.0990460; b1 = 0.96300 * b1 + w * 0.2965164; b2 = 0.57000 * b2 + w * 1.0526913;
                    y[i] = (float)(b0 + b1 + b2 + w * 0.1848); break;
                default:
                    brown = 0.998 * brown + w * 0.05; y[i] = (float)brown; break;
            }
        }
        desc.Add(kind switch { 0 => "white", 1 => "pink", _ => "brown" });
        return y;
    }

    /// <summary>Mains hum at 50 or 60 Hz with decaying harmonics and a little buzz.</summary>
    private static float[] Hum(Random rng, int n, List<string> desc)
    {
        double f = rng.NextDouble() < 0.5 ? 50 : 60;
        int harmonics = 3 + rng.Next(15);
        var phases = Enumerable.Range(0, harmonics).Select(_ => rng.NextDouble() * 2 * Math.PI).ToArray();
        // The hum is exactly periodic (960 or 800 samples): compute one period and tile it.
        int period = (int)(Rate / f);
        var cycle = new float[period];
        for (int i = 0; i < period; i++)
        {
            double t = (double)i / Rate, v = 0;
            for (int h = 1; h <= harmonics; h++) v += Math.Sin(2 * Math.PI * f * h * t + phases[h - 1]) / h;
            cycle[i] = (float)v;
        }
        var y = new float[n];
        for (int i = 0; i < n; i++) y[i] = cycle[i % period] + (float)(0.01 * (rng.NextDouble() * 2 - 1));
        desc.Add($"hum {f} Hz");
        return y;
    }

    private static float[] NormalizePeak(float[] h)
    {
        float peak = 0;
        foreach (var v in h) peak = Math.Max(peak, Math.Abs(v));
        var y = (float[])h.Clone();
        if (peak > 0) for (int i = 0; i < y.Length; i++) y[i] /= peak;
        return y;
    }
}
