using System.Globalization;
using PercepNet.HostTest.Hosting;

namespace PercepNet.HostTests;

public class ScanTimeTests
{
    /// Issue 6: scan (dlopen with RTLD_NOW + factory) under 100 ms, timed in a fresh process as a
    /// DAW's scanner sees it. Both the thread's CPU time (the plugin's own cost) and the wall
    /// time must be under 100 ms; best of five runs, so that a moment when other processes hold
    /// the cores does not decide the wall-time figure.
    [Theory]
    [MemberData(nameof(PluginBinaries.AllFormats), MemberType = typeof(PluginBinaries))]
    public void Scan_in_a_fresh_process_takes_under_100_ms(PluginFormat format)
    {
        double bestWall = double.MaxValue, bestCpu = double.MaxValue;
        for (int attempt = 0; attempt < 5; attempt++)
        {
            var run = ChildProcess.Harness(["scan", "--plugin", PluginBinaries.PathOf(format), "--format", format.ToString().ToLowerInvariant()]);
            Assert.True(run.ExitCode == 0, run.Describe());
            bestWall = Math.Min(bestWall, double.Parse(ChildProcess.Value(run.Stdout, "scan_ms"), CultureInfo.InvariantCulture));
            bestCpu = Math.Min(bestCpu, double.Parse(ChildProcess.Value(run.Stdout, "scan_cpu_ms"), CultureInfo.InvariantCulture));
        }
        Assert.True(bestCpu < 100, $"{format} scan used {bestCpu:0.0} ms of CPU");
        Assert.True(bestWall < 100, $"{format} scan took {bestWall:0.0} ms (CPU {bestCpu:0.0} ms)");
    }
}
