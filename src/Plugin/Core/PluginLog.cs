namespace PercepNet.Plugin.Core;

/// <summary>How serious a message to the host's log is (the CLAP log extension's levels we use).</summary>
public enum LogSeverity
{
    Warning = 2,
    Error = 3,
}

/// <summary>
/// Where the core tells the user why something did not happen (a rate it cannot run, a model that failed to
/// load). A plug-in lives inside someone else's process and must not write to its stderr, so each shell
/// routes this to its format's own log (CLAP's `log` host extension) or drops it when the format has none.
/// Called on the main thread only, never from the audio callbacks.
/// </summary>
public delegate void PluginLog(LogSeverity severity, string message);
