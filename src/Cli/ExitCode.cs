namespace PercepNet.Cli;

/// <summary>Process exit codes of every <c>percepnet</c> command; the table in docs/CLI.md mirrors this.</summary>
public enum ExitCode
{
    Success = 0,
    /// <summary>Batch mode: at least one file failed; the others were processed or skipped.</summary>
    SomeFilesFailed = 1,
    Usage = 2,
    /// <summary>Input missing, unreadable, empty, truncated or in an unsupported format.</summary>
    InputError = 3,
    /// <summary>Output exists (no --force), equals the input, or cannot be written (permissions, disk full).</summary>
    OutputError = 4,
    /// <summary>No model, or a model file that does not load (the enhancer's or DNSMOS's).</summary>
    ModelError = 5,
    Interrupted = 130,
    InternalError = 70,
}
