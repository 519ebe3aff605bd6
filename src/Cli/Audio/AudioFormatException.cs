namespace PercepNet.Cli.Audio;

/// <summary>The input is not audio we can read: empty, truncated, not a WAV, or an unsupported codec.</summary>
public sealed class AudioFormatException(string message) : Exception(message);
