using System.Diagnostics;
using PercepNet.HostTest.Clap;
using PercepNet.HostTest.Hosting;
using PercepNet.HostTest.Ladspa;
using PercepNet.HostTest.Vst3;

namespace PercepNet.HostTest.Commands;

/// `scan`: what a DAW's plugin scanner times in a fresh process: dlopen(RTLD_NOW) plus the
/// factory walk. Prints milliseconds; the test runs it as a child process so nothing is warm.
public static class ScanCommand
{
    public static int Run(Options options)
    {
        string pluginPath = options.Require("--plugin");
        PluginFormat format = options.Format(pluginPath);
        string binary = PluginFormats.BinaryPath(pluginPath, format);
        var watch = Stopwatch.StartNew();
        TimeSpan dlopen = format switch
        {
            PluginFormat.Clap => ClapModule.Load(binary).Library.LoadTime,
            PluginFormat.Vst3 => Vst3Module.Load(binary).Library.LoadTime,
            _ => LadspaModule.Load(binary).Library.LoadTime,
        };
        watch.Stop();
        Console.Out.WriteLine($"scan_ms {watch.Elapsed.TotalMilliseconds:0.###}");
        Console.Out.WriteLine($"dlopen_ms {dlopen.TotalMilliseconds:0.###}");
        return 0;
    }
}
