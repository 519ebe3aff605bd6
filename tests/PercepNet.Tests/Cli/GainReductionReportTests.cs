using System.Text.Json;
using PercepNet.Cli.Audio;
using PercepNet.Cli.Denoise;

namespace PercepNet.Tests.Cli;

/// <summary>
/// The JSON report's gain-reduction figures (the plug-ins' meter over the file, issue 21) on real recordings: at least
/// 20 dB on noise alone, at most 3 dB on clean speech.
/// </summary>
public class GainReductionReportTests
{
    private static (double Mean, double P95) Report(string input, string output)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = DenoiseCommand.Run([input, output, "--json", "--no-progress"], stdout, stderr, EngineChannelEnhancer.CreateFactory, null, CancellationToken.None);
        Assert.True(code == 0, stderr.ToString());
        var root = JsonDocument.Parse(stdout.ToString()).RootElement;
        return (root.GetProperty("gainReductionMeanDb").GetDouble(), root.GetProperty("gainReductionP95Db").GetDouble());
    }

    [SharedDataFact]
    public void Noise_alone_reads_at_least_20_dB_and_clean_speech_at_most_3_dB()
    {
        using var dir = new TempDir();
        var noise = RealRecordings.Noise(dir, out var nf);
        var speech = RealRecordings.Decode(dir, RealRecordings.Speech48k, out var sf);
        TestAudio.WriteWav(dir.File("noise.wav"), noise[..Math.Min(noise.Length, 4 * nf.SampleRate)], nf with { Encoding = SampleEncoding.Float32 });
        TestAudio.WriteWav(dir.File("speech.wav"), speech, sf with { Encoding = SampleEncoding.Float32 });

        var (noiseMean, noiseP95) = Report(dir.File("noise.wav"), dir.File("noise.out.wav"));
        Assert.True(noiseMean >= 20, $"noise alone: mean {noiseMean} dB");
        Assert.True(noiseP95 >= noiseMean, $"noise alone: 95th percentile {noiseP95} dB below the mean {noiseMean} dB");

        var (speechMean, speechP95) = Report(dir.File("speech.wav"), dir.File("speech.out.wav"));
        Assert.True(speechMean <= 3, $"clean speech: mean {speechMean} dB");
        Assert.True(speechP95 <= 6, $"clean speech: 95th percentile {speechP95} dB");
    }
}
