namespace PercepNet.Cli.Audio;

/// <summary>
/// A RIFF chunk we do not interpret (bext, iXML, LIST, cue, …), carried from input to output unchanged
/// so broadcast metadata survives processing.
/// </summary>
/// <param name="Id">Four-character chunk id, e.g. "bext".</param>
/// <param name="AfterData">True when the chunk followed the data chunk in the source; written back there.</param>
public sealed record WavChunk(string Id, byte[] Data, bool AfterData);
