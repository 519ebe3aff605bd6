namespace PercepNet.Engine.Inference;

/// <summary>A model file that cannot be run: truncated, corrupted or describing an inconsistent network.
/// The message names the offending field and its byte offset.</summary>
public sealed class InvalidModelException : Exception
{
    public InvalidModelException(string message) : base(message) { }
}
