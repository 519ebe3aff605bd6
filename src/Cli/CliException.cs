namespace PercepNet.Cli;

/// <summary>
/// An expected failure with a message meant for the user (no stack trace) and the exit code to return.
/// </summary>
public sealed class CliException(ExitCode exitCode, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public ExitCode ExitCode { get; } = exitCode;
}
