using PercepNet.Cli.Dataset;

namespace PercepNet.Tests.Dataset;

/// <summary>
/// The in-process decode path of <see cref="AudioCache"/>: the GPU machine has no sox, so its data root holds
/// the FLAC files transcoded to Ogg Vorbis under their own names (training/gpu/README.md).
/// </summary>
[Collection(FakeDataRoot.Collection)]
public sealed class AudioCacheTests(FakeDataRoot data)
{
    [SharedDataFact]
    public void Ogg_named_flac_decodes_in_process_to_the_same_48k_signal_as_the_flac()
    {
        string root = data.NewDir("oggroot");
        string clip = data.SpeechCv;    // a real 32 kHz Common Voice clip: exercises the resampler too
        string ogg = Path.Combine(root, clip);
        Directory.CreateDirectory(Path.GetDirectoryName(ogg)!);
        FakeDataRoot.Sox(Path.Combine(data.Root, clip), "-t", "ogg", "-C", "8", ogg);
        Assert.Equal("OggS"u8.ToArray(), File.ReadAllBytes(ogg)[..4]);

        var log = new StringWriter();
        float[] viaSox = new AudioCache(data.Root, data.NewDir("cache"), log).Load(clip)!;
        string cache = data.NewDir("cache");
        float[] inProcess = new AudioCache(root, cache, log).Load(clip)!;
        Assert.True(log.ToString() == "", log.ToString());
        Assert.True(File.Exists(Path.Combine(cache, clip + ".f32")), "the decoded clip is cached");

        Assert.InRange(inProcess.Length, viaSox.Length - 2, viaSox.Length + 2);
        int n = Math.Min(inProcess.Length, viaSox.Length);
        double signal = 0, error = 0;
        for (int i = 0; i < n; i++)
        {
            signal += (double)viaSox[i] * viaSox[i];
            error += (double)(viaSox[i] - inProcess[i]) * (viaSox[i] - inProcess[i]);
        }
        // Same level, same time alignment: only the codec's error and the two resamplers differ.
        Assert.True(10 * Math.Log10(signal / error) > 20, $"SNR of the Ogg decode against the FLAC decode: {10 * Math.Log10(signal / error):F1} dB");
    }

    [Fact]
    public void Corrupt_ogg_is_reported_by_name_and_skipped()
    {
        string root = data.NewDir("oggroot");
        string bad = Path.Combine(root, "noise", "bad.flac");
        Directory.CreateDirectory(Path.GetDirectoryName(bad)!);
        File.WriteAllBytes(bad, [.. "OggS"u8, .. new byte[2000].Select((_, i) => (byte)(i * 37))]);
        var log = new StringWriter();
        Assert.Null(new AudioCache(root, data.NewDir("cache"), log).Load("noise/bad.flac"));
        Assert.Contains("bad.flac", log.ToString());
        Assert.Contains("skipped", log.ToString());
    }

    [Fact]
    public void A_cached_clip_reads_back_sample_for_sample_with_non_finite_samples_zeroed()
    {
        string cache = data.NewDir("cache");
        string cached = Path.Combine(cache, "speech", "long.flac.f32");
        Directory.CreateDirectory(Path.GetDirectoryName(cached)!);
        // 8 MiB and more, with a NaN and an infinity in it
        var written = Enumerable.Range(0, (1 << 21) + 12345).Select(i => MathF.Sin(i * 0.001f) * 0.5f).ToArray();
        written[7] = float.NaN;
        written[^3] = float.PositiveInfinity;
        File.WriteAllBytes(cached, System.Runtime.InteropServices.MemoryMarshal.AsBytes(written.AsSpan()).ToArray());
        File.WriteAllBytes(Path.Combine(cache, "speech", "empty.flac.f32"), []);

        var log = new StringWriter();
        var audio = new AudioCache(data.NewDir("noroot"), cache, log);
        float[] read = audio.Load("speech/long.flac")!;
        Assert.Equal(written.Length, read.Length);
        Assert.Equal(0f, read[7]);
        Assert.Equal(0f, read[^3]);
        written[7] = written[^3] = 0;
        Assert.Equal(written, read);
        Assert.Null(audio.Load("speech/empty.flac"));
        Assert.Contains("empty audio", log.ToString());
    }
}
