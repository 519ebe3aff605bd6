using System.Diagnostics;
using PercepNet.Cli.Audio;
using PercepNet.Cli.CommandLine;
using PercepNet.Cli.Denoise;

namespace PercepNet.Cli.Bench;

/// <summary>
/// <c>percepnet bench</c>: whole-file throughput and memory of <c>denoise</c> on one thread, through the real file
/// path (decode, engine per channel, encode, atomic write). Uses a long generated recording (streamed to a temp WAV)
/// or --input FILE. Prints audio duration, wall time, speed × real time and the process's peak working set.
/// </summary>
public static class BenchCommand
{
    public const string Usage =
        """
        usage: percepnet bench [--minutes 120] [--rate 48000] [--channels 2] [--model FILE] [--lookahead 1] [--input FILE]
        Generates MINUTES of 16-bit speech-like audio with noise into a temp folder (or uses --input), denoises it on
        one thread, prints speed and peak memory, and deletes the temp files.
        """;

    public static int Run(string[] args, CancellationToken cancel)
    {
        if (args.Contains("--help")) { Console.WriteLine(Usage); return 0; }
        string? temp = null;
        try
        {
            var a = ParsedArguments.Parse(args, ["minutes", "rate", "channels", "model", "lookahead", "input"], []);
            var options = new DenoiseOptions
            {
                Input = "", Output = "", ModelPath = a.Value("model"), Lookahead = a.Integer("lookahead", 1, 0, 2),
            };
            var factory = EngineChannelEnhancer.CreateFactory(options);
            temp = Directory.CreateTempSubdirectory("percepnet-bench-").FullName;
            string input = a.Value("input") ?? Generate(Path.Combine(temp, "input.wav"),
                a.Integer("minutes", 120, 1, 24 * 60), a.Integer("rate", 48000, 8000, 192000), a.Integer("channels", 2, 1, 16), cancel);
            long inputBytes = new FileInfo(input).Length;

            using var self = Process.GetCurrentProcess();
            var cpuBefore = self.TotalProcessorTime;
            var report = new FileDenoiser(factory).Denoise(input, Path.Combine(temp, "output.wav"), force: true, cancel: cancel);
            self.Refresh();
            // CPU time as well as wall time: on a loaded machine the wall clock measures the neighbours too.
            double cpuSeconds = (self.TotalProcessorTime - cpuBefore).TotalSeconds;
            Console.WriteLine($"input            {input} ({inputBytes / 1e6:0} MB, {report.SampleRate} Hz, {report.Channels} ch, {report.Format})");
            Console.WriteLine($"audio            {report.DurationSeconds:0.0} s");
            Console.WriteLine($"processing       {report.ProcessingSeconds:0.0} s on one thread (decode + engine x {report.Channels} + encode + write)");
            Console.WriteLine($"cpu time         {cpuSeconds:0.0} s (all threads of the process, GC included)");
            Console.WriteLine($"speed            {report.SpeedTimesRealTime:0.0}x real time for the file by wall clock, " +
                              $"{report.DurationSeconds / cpuSeconds:0.0}x per CPU second ({report.Channels} channels)");
            Console.WriteLine($"peak memory      {self.PeakWorkingSet64 / 1e6:0} MB working set (whole process, incl. generating the input)");
            Console.WriteLine($"latency removed  {report.LatencySamples} samples; noise reduction estimate {report.NoiseReductionDb:0.0} dB");
            return 0;
        }
        catch (CliException e)
        {
            Console.Error.WriteLine($"percepnet bench: {e.Message}");
            return (int)e.ExitCode;
        }
        finally
        {
            if (temp is not null) Directory.Delete(temp, recursive: true);
        }
    }

    private static string Generate(string path, int minutes, int rate, int channels, CancellationToken cancel)
    {
        var format = new AudioFormat(rate, channels, SampleEncoding.Pcm16);
        var source = new SyntheticRecording(rate, channels);
        var block = new float[rate * channels]; // one second
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        var writer = new WavWriter(stream, format, dither: new TpdfDither());
        for (int s = 0; s < minutes * 60; s++)
        {
            cancel.ThrowIfCancellationRequested();
            source.Fill(block);
            writer.Write(block);
        }
        writer.Complete();
        return path;
    }
}
