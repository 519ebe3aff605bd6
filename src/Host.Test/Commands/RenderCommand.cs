using System.Globalization;
using PercepNet.HostTest.Hosting;
using PercepNet.HostTest.Rendering;

namespace PercepNet.HostTest.Commands;

/// `render`: IN.wav through the plugin into OUT.wav (32-bit float), latency-compensated.
public static class RenderCommand
{
    public static int Run(Options options)
    {
        string pluginPath = options.Require("--plugin");
        if (options.Positional.Count != 2) throw new ArgumentException("render needs IN.wav and OUT.wav");
        PlanarAudio input = PlanarAudio.Read(options.Positional[0]);
        if (options.Get("--rate") is { } rateText) input = input.Resample(int.Parse(rateText, CultureInfo.InvariantCulture));
        int seed = int.Parse(options.Get("--seed") ?? "1", CultureInfo.InvariantCulture);
        var blocks = BlockSizeSequence.Parse(options.Get("--block") ?? "512", seed);

        using IHostedPlugin plugin = PluginLoader.Open(pluginPath, options.Format(pluginPath), input.Channels.Length);
        foreach (string assignment in options.All("--param"))
        {
            var (name, valueText) = Options.Assignment(assignment);
            ParameterInfo parameter = ParameterLookup.Find(plugin.Parameters, name);
            double value = ParseValue(plugin, parameter, valueText);
            if (!plugin.SetParameter(parameter.Id, value))
                throw new InvalidOperationException($"the plugin refused {parameter.Name} = {value}");
        }
        var lanes = options.All("--automate")
            .Select(a => Options.Assignment(a))
            .Select(a => AutomationLane.Load(a.Name, a.Value, input.SampleRate))
            .ToList();

        int restartsBefore = plugin.LatencyChangeRequests;
        RenderResult result = Renderer.Render(plugin, input, new RenderSettings(blocks, lanes, options.Has("--in-place")));
        if (plugin.LatencyChangeRequests != restartsBefore)
            Console.Error.WriteLine("warning: the plugin announced a latency change during the render (lookahead automated?); " +
                $"the output stays aligned to the latency at activation ({result.Latency} samples)");
        var output = new PlanarAudio(options.Has("--raw") ? result.Raw : result.Aligned, input.SampleRate);
        output.Write(options.Positional[1]);
        Console.Out.WriteLine($"{plugin.Format} '{plugin.Name}': {input.Frames} frames at {input.SampleRate} Hz, " +
            $"blocks {blocks.Description}, {result.ProcessCalls} process calls, latency {result.Latency} samples");
        return 0;
    }

    /// A number is a plain value; anything else goes through the plugin's text→value.
    static double ParseValue(IHostedPlugin plugin, ParameterInfo parameter, string text)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)) return value;
        return plugin.TextToValue(parameter.Id, text)
            ?? throw new ArgumentException($"{parameter.Name}: the plugin cannot parse '{text}'");
    }
}
