using System.Buffers.Binary;
using PercepNet.Plugin.Core;
using static PercepNet.Plugin.Tests.TestAudio;

namespace PercepNet.Plugin.Tests;

/// Saved state: deterministic bytes, a round trip that restores every value, and refusal that keeps the old values.
public class StateTests
{
    static PercepNetProcessor WithValues(params (ParameterId Id, double Value)[] values)
    {
        var processor = NewProcessor();
        foreach (var (id, value) in values) processor.SetValue(id, value);
        return processor;
    }

    [Fact]
    public void Saving_twice_gives_identical_bytes_and_loading_restores_every_value()
    {
        var source = WithValues((ParameterId.Strength, 33.3), (ParameterId.PostFilter, 10), (ParameterId.Lookahead, 2),
            (ParameterId.DryWet, 80), (ParameterId.Bypass, 1), (ParameterId.Model, 0));
        byte[] saved = source.SaveState();
        Assert.Equal(saved, source.SaveState());

        var target = NewProcessor();
        Assert.True(target.LoadState(saved));
        for (int i = 0; i < Parameters.Count; i++) Assert.Equal(source.GetValue(i), target.GetValue(i));
        Assert.Equal(saved, target.SaveState());
    }

    [Fact]
    public void Empty_truncated_corrupt_or_out_of_range_state_is_refused_and_the_values_stay()
    {
        var processor = WithValues((ParameterId.Strength, 42));
        byte[] good = WithValues((ParameterId.Strength, 7)).SaveState();
        byte[] flipped = (byte[])good.Clone();
        flipped[12] ^= 0x40;
        byte[] outOfRange = (byte[])good.Clone();
        BinaryPrimitives.WriteDoubleLittleEndian(outOfRange.AsSpan(8 + 4), 250);   // Strength 250 %, checksum redone
        BinaryPrimitives.WriteUInt32LittleEndian(outOfRange.AsSpan(outOfRange.Length - 4),
            StateChecksum.Compute(outOfRange.AsSpan(0, outOfRange.Length - 4)));
        foreach (byte[] bad in new[] { [], good[..^1], flipped, outOfRange, new byte[PluginState.MaxBytes + 1] })
        {
            Assert.False(processor.LoadState(bad));
            Assert.Equal(42, processor.GetValue(ParameterId.Strength));
        }
    }

    [Fact]
    public void A_state_saved_before_the_model_parameter_existed_opens_with_the_model_it_ran()
    {
        // Version 1 with five parameters: what projects saved before Model was added hold.
        var values = Parameters.All.Select(p => p.Default).ToArray();
        byte[] six = PluginState.Write(values);
        var five = new byte[PluginState.SizeFor(5)];
        six.AsSpan(0, 8 + 5 * 12).CopyTo(five);
        BinaryPrimitives.WriteUInt16LittleEndian(five.AsSpan(6), 5);
        BinaryPrimitives.WriteUInt32LittleEndian(five.AsSpan(five.Length - 4), StateChecksum.Compute(five.AsSpan(0, five.Length - 4)));
        var processor = NewProcessor();
        Assert.Equal(1, processor.GetValue(ParameterId.Model));   // today's default: Light
        Assert.True(processor.LoadState(five));
        Assert.Equal(0, processor.GetValue(ParameterId.Model));   // Full, what such a project ran
    }
}
