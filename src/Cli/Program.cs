using PercepNet.Cli;
using PercepNet.Cli.Denoise;

// percepnet COMMAND ...: thin dispatch; each command parses its own arguments and returns its exit code (docs/CLI.md).
const string usage =
    """
    usage: percepnet COMMAND [options]
    commands:
      denoise IN OUT | --batch IN_DIR OUT_DIR   enhance speech in WAV/MP3/Ogg files
      evaluate --clean DIR --enhanced DIR       DNSMOS P.835, SI-SDR, ESTOI, segmental SNR
      dataset ...                               build training data
      oracle --clean C --noisy N --out DIR      oracle ladder (targets from clean speech)
      bench [--minutes 120]                     whole-file denoise speed and peak memory
    run 'percepnet COMMAND --help' for a command's options
    """;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // First Ctrl+C: stop cleanly (remove temp files); a second one kills as usual.
    if (cancel.IsCancellationRequested) return;
    e.Cancel = true;
    cancel.Cancel();
};

if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
{
    (args.Length == 0 ? Console.Error : Console.Out).WriteLine(usage);
    return args.Length == 0 ? (int)ExitCode.Usage : 0;
}

string[] rest = args[1..];
try
{
    return args[0] switch
    {
        "denoise" => DenoiseCommand.Run(rest, cancel.Token),
        "evaluate" => PercepNet.Cli.Evaluate.EvaluateCommand.Run(rest, cancel.Token),
        "bench" => PercepNet.Cli.Bench.BenchCommand.Run(rest, cancel.Token),
        "dataset" => PercepNet.Cli.Dataset.DatasetCommand.Run(rest),
        "oracle" => PercepNet.Cli.Oracle.OracleCommand.Run(rest),
        _ => UnknownCommand(args[0]),
    };
}
catch (CliException e)
{
    // Commands report their own expected failures; this is the net for one that does not.
    Console.Error.WriteLine($"percepnet {args[0]}: {e.Message}");
    return (int)e.ExitCode;
}
catch (Exception e) when (e is not OperationCanceledException)
{
    Console.Error.WriteLine($"percepnet: internal error: {e}");
    return (int)ExitCode.InternalError;
}

int UnknownCommand(string name)
{
    Console.Error.WriteLine($"percepnet: unknown command '{name}'");
    Console.Error.WriteLine(usage);
    return (int)ExitCode.Usage;
}
