namespace PercepNet.Cli.Audio;

/// <summary>Sample rate, channel count and sample encoding of a stream of interleaved frames.</summary>
/// <param name="ChannelMask">WAVE_FORMAT_EXTENSIBLE speaker mask, 0 when the source had none.</param>
public sealed record AudioFormat(int SampleRate, int Channels, SampleEncoding Encoding, uint ChannelMask = 0)
{
    public int BlockAlign => Channels * Encoding.BytesPerSample();

    public override string ToString() =>
        $"{SampleRate} Hz, {Channels} ch, {Encoding.DisplayName()}";
}
