namespace PercepNet.HostTest.Commands;

/// Dispatch of `percepnet-host COMMAND ...`; each command lives in its own file.
public static class CommandLine
{
    public const string Usage = """
        usage:
          percepnet-host render --plugin PATH IN.wav OUT.wav [--format clap|vst3|ladspa]
                                [--block N|random] [--seed S] [--rate R] [--param NAME=VALUE]...
                                [--automate NAME=FILE]... [--in-place] [--raw]
          percepnet-host describe --plugin PATH [--format clap|vst3|ladspa]
          percepnet-host scan --plugin PATH [--format clap|vst3|ladspa]
          percepnet-host alloc-check --plugin PATH [--format clap|vst3|ladspa] [--calls N]
        --automate FILE: one point per line, "SECONDS VALUE" (plain value).
        render writes 32-bit float WAV, advanced by the reported latency unless --raw.
        """;

    public static int Run(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help")
        {
            Console.Out.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }
        try
        {
            var options = Options.Parse(args.Skip(1));
            return args[0] switch
            {
                "render" => RenderCommand.Run(options),
                "describe" => DescribeCommand.Run(options),
                "scan" => ScanCommand.Run(options),
                "alloc-check" => AllocationCheckCommand.Run(options),
                _ => throw new ArgumentException($"unknown command '{args[0]}'"),
            };
        }
        catch (Exception e) when (e is ArgumentException or FormatException or FileNotFoundException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            Console.Error.WriteLine(Usage);
            return 2;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}
