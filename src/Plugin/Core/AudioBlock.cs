namespace PercepNet.Plugin.Core;

/// <summary>
/// The audio of one host block as the formats hand it over: one pointer per channel for input and output (which
/// may be the same memory), the frame count, and the inputs the host marked as holding one value throughout
/// (CLAP's constant_mask: the value is the channel's first sample) or as silent (VST3's silence flags: the
/// buffer's content does not matter). A null channel pointer, or a channel past a count, is a missing channel.
/// </summary>
public readonly unsafe ref struct AudioBlock(
    float** inputs, int inputChannels, float** outputs, int outputChannels, int frames,
    ulong constantInputs = 0, ulong silentInputs = 0)
{
    public int Frames { get; } = Math.Max(frames, 0);
    public int OutputChannels => outputs == null ? 0 : outputChannels;

    /// <summary>A block with no audio: only its parameter changes matter (CLAP params.flush, VST3 flush calls).</summary>
    public static AudioBlock Empty => new(null, 0, null, 0, 0);

    /// <summary>Channel <paramref name="c"/>'s output from <paramref name="offset"/>, or null when the host gave none.</summary>
    public float* Output(int c, int offset)
        => outputs == null || (uint)c >= (uint)outputChannels || outputs[c] == null ? null : outputs[c] + offset;

    /// <summary>Channel <paramref name="c"/>'s input from <paramref name="offset"/>, or null when missing.</summary>
    public float* Input(int c, int offset)
        => inputs == null || (uint)c >= (uint)inputChannels || inputs[c] == null ? null : inputs[c] + offset;

    /// <summary>The value every input sample of channel <paramref name="c"/> has, if the host says they are all the same.</summary>
    public bool IsConstant(int c, out float value)
    {
        value = 0f;
        if (c < 64 && (silentInputs & (1UL << c)) != 0) return true;
        if (c >= 64 || (constantInputs & (1UL << c)) == 0 || Input(c, 0) == null) return false;
        value = *Input(c, 0);
        return true;
    }
}
