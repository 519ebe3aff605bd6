using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PercepNet.HostTest.Clap;
using PercepNet.HostTest.Hosting;
using PercepNet.HostTest.Ladspa;
using PercepNet.HostTest.Native;
using PercepNet.HostTest.Vst3;

namespace PercepNet.HostTest.Commands;

/// `scan`: what a DAW's plugin scanner times in a fresh process: dlopen(RTLD_NOW) plus the
/// factory walk. A DAW's scanner is native code, so the harness's own loading code is
/// JIT-compiled before the clock starts; what is timed is then the plugin's cost.
public static class ScanCommand
{
    public static int Run(Options options)
    {
        string pluginPath = options.Require("--plugin");
        PluginFormat format = options.Format(pluginPath);
        string binary = PluginFormats.BinaryPath(pluginPath, format);
        PrecompileLoaders();
        _ = ThreadCpuClock.Now;
        TimeSpan cpuStart = ThreadCpuClock.Now;
        var watch = Stopwatch.StartNew();
        TimeSpan dlopen = format switch
        {
            PluginFormat.Clap => ClapModule.Load(binary).Library.LoadTime,
            PluginFormat.Vst3 => Vst3Module.Load(binary).Library.LoadTime,
            _ => LadspaModule.Load(binary).Library.LoadTime,
        };
        watch.Stop();
        TimeSpan cpu = ThreadCpuClock.Now - cpuStart;
        Console.Out.WriteLine($"scan_ms {watch.Elapsed.TotalMilliseconds:0.###}");
        Console.Out.WriteLine($"scan_cpu_ms {cpu.TotalMilliseconds:0.###}");
        Console.Out.WriteLine($"dlopen_ms {dlopen.TotalMilliseconds:0.###}");
        return 0;
    }

    static void PrecompileLoaders()
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static |
            BindingFlags.Instance | BindingFlags.DeclaredOnly;
        foreach (Type type in new[] { typeof(SharedLibrary), typeof(Utf8Strings), typeof(ClapModule), typeof(Vst3Module),
                     typeof(LadspaModule), typeof(Tuid), typeof(PluginFormats), typeof(ThreadCpuClock) })
            foreach (MethodBase method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
                if (!method.IsAbstract && !method.ContainsGenericParameters && method.GetCustomAttribute<UnmanagedCallersOnlyAttribute>() == null)
                    RuntimeHelpers.PrepareMethod(method.MethodHandle);
    }
}
