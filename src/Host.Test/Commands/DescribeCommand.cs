using PercepNet.HostTest.Clap;
using PercepNet.HostTest.Hosting;
using PercepNet.HostTest.Ladspa;
using PercepNet.HostTest.Vst3;

namespace PercepNet.HostTest.Commands;

/// `describe`: ids, ports/buses, parameters (range, default, text of the default), factory presets (CLAP preset
/// discovery, the VST3 program list) and latency at 48 kHz, as a host's plugin browser would show them.
public static class DescribeCommand
{
    public static int Run(Options options)
    {
        string pluginPath = options.Require("--plugin");
        PluginFormat format = options.Format(pluginPath);
        using IHostedPlugin plugin = PluginLoader.Open(pluginPath, format);
        var o = Console.Out;
        o.WriteLine($"format: {plugin.Format}");
        o.WriteLine($"id: {plugin.Id}");
        o.WriteLine($"name: {plugin.Name}");
        o.WriteLine($"channels: {plugin.Channels}");
        switch (plugin)
        {
            case ClapPluginInstance clap:
                foreach (var d in ClapModule.Load(PluginFormats.BinaryPath(pluginPath, format)).Descriptors())
                    o.WriteLine($"clap descriptor: {d.Id} '{d.Name}' by {d.Vendor} v{d.Version} [{string.Join(", ", d.Features)}]");
                break;
            case Vst3PluginInstance vst3:
                var module = Vst3Module.Load(PluginFormats.BinaryPath(pluginPath, format));
                var factory = module.FactoryInfo();
                o.WriteLine($"vst3 factory: {factory.Vendor} {factory.Url} flags 0x{factory.Flags:x}");
                foreach (var c in module.Classes()) o.WriteLine($"vst3 class: {c.Cid} '{c.Name}' ({c.Category})");
                o.WriteLine($"vst3 controller: {(vst3.SeparateController ? "separate class" : "same object as the component")}");
                break;
            case LadspaPluginInstance ladspa:
                o.WriteLine($"ladspa unique id: {ladspa.UniqueId}, properties 0x{ladspa.Properties:x}, latency port {ladspa.LatencyPort}");
                break;
        }
        foreach (ParameterInfo p in plugin.Parameters)
            o.WriteLine($"param {p.Id}: '{p.Name}' [{p.Min} .. {p.Max}] default {p.Default} " +
                $"('{plugin.ValueToText(p.Id, p.Default)}'){(p.IsStepped ? " stepped" : "")}{(p.IsBypass ? " bypass" : "")}");
        foreach (string preset in plugin.Presets) o.WriteLine($"preset: {preset}");
        plugin.Activate(48000, 4096);
        o.WriteLine($"latency at 48000 Hz: {plugin.LatencySamples} samples");
        plugin.Deactivate();
        return 0;
    }
}
