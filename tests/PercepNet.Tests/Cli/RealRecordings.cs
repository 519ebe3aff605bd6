using PercepNet.Cli.Audio;

namespace PercepNet.Tests.Cli;

/// <summary>
/// Real recordings from shared/data (FLAC files made by other people's encoders), decoded by the reference `flac`
/// tool, never by the code under test, and mixed into the noisy speech the CLI is for.
/// </summary>
internal static class RealRecordings
{
    public const string Speech48k = "speech/ravdess/Actor_01/03-01-06-02-01-01-01.flac";
    public const string Speech16k = "speech/librispeech/198-209-0000.flac";

    public static string PathOf(string relative) => Path.Combine(SharedData.Root, relative);

    /// <summary>A shared FLAC decoded by `flac -d` into floats (interleaved) and its format.</summary>
    public static float[] Decode(TempDir dir, string relative, out AudioFormat format)
    {
        string wav = dir.File(Path.GetFileNameWithoutExtension(relative) + ".ref.wav");
        FlacTool.Decode(PathOf(relative), wav);
        return TestAudio.ReadWav(wav, out format);
    }

    /// <summary>The first noise file of the manifest, mono floats at its own rate.</summary>
    public static float[] Noise(TempDir dir, out AudioFormat format)
    {
        string first = File.ReadLines(Path.Combine(SharedData.Root, "MANIFEST.tsv"))
            .Select(l => l.Split('\t')).First(f => f.Length > 2 && f[1] == "noise" && f[2] == "48000")[0];
        return Decode(dir, first, out format);
    }

    /// <summary>
    /// Stereo noisy speech at 48 kHz: the RAVDESS sentence in both channels (right 6 dB lower) over real noise at about
    /// 5 dB SNR, a different stretch of the noise per channel.
    /// </summary>
    public static float[] NoisyStereoSpeech(TempDir dir)
    {
        var speech = Decode(dir, Speech48k, out var sf);
        var noise = Noise(dir, out var nf);
        if (sf.SampleRate != 48000 || nf.SampleRate != 48000 || sf.Channels != 1 || nf.Channels != 1)
            throw new InvalidOperationException("expected 48 kHz mono shared recordings");
        double speechPower = speech.Average(s => (double)s * s), noisePower = noise.Average(s => (double)s * s);
        float noiseGain = (float)Math.Sqrt(speechPower / noisePower / Math.Pow(10, 5 / 10.0));
        var x = new float[speech.Length * 2];
        for (int i = 0; i < speech.Length; i++)
        {
            x[2 * i] = speech[i] + noiseGain * noise[i % noise.Length];
            x[2 * i + 1] = 0.5f * speech[i] + noiseGain * noise[(i + noise.Length / 2) % noise.Length];
        }
        return x;
    }
}
