namespace PercepNet.Plugin.Core;

/// <summary>What a block asks of the shell after <see cref="PercepNetProcessor.Process"/>.</summary>
public enum ProcessStatus
{
    Continue,
    /// <summary>The lookahead parameter changed: ask the host for a restart (CLAP request_restart, VST3
    /// restartComponent(kLatencyChanged)), since latency may change only on (re)activation.</summary>
    RestartNeeded,
}
