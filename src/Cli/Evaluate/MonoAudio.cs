using PercepNet.Cli.Audio;

namespace PercepNet.Cli.Evaluate;

/// <summary>
/// A whole file as one mono signal (channel mean) for scoring. Evaluation clips are short utterances and ESTOI
/// needs the whole signal at once, so unlike <c>denoise</c> this loads the file.
/// </summary>
public sealed record MonoAudio(float[] Samples, int SampleRate)
{
    public static MonoAudio Load(string path)
    {
        using var reader = AudioFileReader.Open(path);
        int channels = reader.Format.Channels;
        var mono = new List<float>(reader.FrameCount > 0 ? (int)Math.Min(reader.FrameCount, int.MaxValue / 2) : 0);
        var block = new float[4096 * channels];
        int frames;
        while ((frames = reader.Read(block)) > 0)
            for (int i = 0; i < frames; i++)
            {
                float sum = 0;
                for (int c = 0; c < channels; c++) sum += block[i * channels + c];
                mono.Add(sum / channels);
            }
        if (mono.Count == 0) throw new CliException(ExitCode.InputError, $"{path}: contains no audio");
        return new MonoAudio(mono.ToArray(), reader.Format.SampleRate);
    }
}
