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
        var source = WithValues((ParameterId.AttenuationLimit, 19.98), (ParameterId.PostFilter, 10), (ParameterId.Lookahead, 2),
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
        var processor = WithValues((ParameterId.AttenuationLimit, 42));
        byte[] good = WithValues((ParameterId.AttenuationLimit, 7)).SaveState();
        byte[] flipped = (byte[])good.Clone();
        flipped[12] ^= 0x40;
        byte[] outOfRange = (byte[])good.Clone();
        BinaryPrimitives.WriteDoubleLittleEndian(outOfRange.AsSpan(8 + 4), 250);   // attenuation limit 250 dB, checksum redone
        BinaryPrimitives.WriteUInt32LittleEndian(outOfRange.AsSpan(outOfRange.Length - 4),
            StateChecksum.Compute(outOfRange.AsSpan(0, outOfRange.Length - 4)));
        foreach (byte[] bad in new[] { [], good[..^1], flipped, outOfRange, new byte[PluginState.MaxBytes + 1] })
        {
            Assert.False(processor.LoadState(bad));
            Assert.Equal(42, processor.GetValue(ParameterId.AttenuationLimit));
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

    /// <summary>A state as builds before the attenuation limit wrote it: version 1, Strength (id 1) in percent first.</summary>
    static byte[] StateWithStrength(double strengthPercent, params (ParameterId Id, double Value)[] others)
    {
        var entries = new List<(uint Id, double Value)> { ((uint)ParameterId.Strength, strengthPercent) };
        foreach (var p in Parameters.All.Skip(1))
        {
            double v = p.Default;
            foreach (var (id, value) in others) if (id == p.Id) v = value;
            entries.Add(((uint)p.Id, v));
        }
        var bytes = new byte[PluginState.SizeFor(entries.Count)];
        "PNST"u8.CopyTo(bytes);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(6), (ushort)entries.Count);
        for (int i = 0; i < entries.Count; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8 + 12 * i), entries[i].Id);
            BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(12 + 12 * i), entries[i].Value);
        }
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4), StateChecksum.Compute(bytes.AsSpan(0, bytes.Length - 4)));
        return bytes;
    }

    [Theory]
    [InlineData(100, 60)]
    [InlineData(70, 42)]
    [InlineData(37.5, 22.5)]
    [InlineData(0, 0)]
    public void A_state_saved_with_suppression_strength_loads_as_the_attenuation_limit_in_dB(double percent, double db)
    {
        var processor = NewProcessor();
        Assert.True(processor.LoadState(StateWithStrength(percent, (ParameterId.PostFilter, 30))));
        Assert.Equal(db, processor.GetValue(ParameterId.AttenuationLimit));
        Assert.Equal(30, processor.GetValue(ParameterId.PostFilter));
        // Saved again, it is a state of this version: no Strength entry, the limit in dB.
        var again = NewProcessor();
        Assert.True(again.LoadState(processor.SaveState()));
        Assert.Equal(db, again.GetValue(ParameterId.AttenuationLimit));
    }

    [Fact]
    public void A_migrated_strength_gives_the_engine_exactly_the_share_of_60_dB_it_ran_with()
    {
        // Before the limit, the plug-in handed the engine the share (float)(S / 100) of 60 dB; the migrated limit,
        // through the engine's dB setter, must come back to that very float, so old projects render bit-identically.
        var enhancer = new PercepNet.Engine.SpeechEnhancer(SharedModel.Full!);
        var processor = NewProcessor();
        var random = new Random(5);
        for (int i = 0; i <= 20_000; i++)
        {
            double percent = i <= 10_000 ? i / 100.0 : random.NextDouble() * 100;
            Assert.True(processor.LoadState(StateWithStrength(percent)));
            enhancer.AttenuationLimitDb = processor.GetValue(ParameterId.AttenuationLimit);
            Assert.Equal((float)(percent / 100.0) * 60.0, enhancer.AttenuationLimitDb);
        }
    }

    [Fact]
    public void A_migrated_state_sounds_as_the_same_limit_set_in_dB()
    {
        float[][] input = [NoisyVoice(1.0, seed: 3)];
        var migrated = NewProcessor();
        Assert.True(migrated.LoadState(StateWithStrength(73.3, (ParameterId.Model, 0))));
        var direct = NewProcessor();
        direct.SetValue(ParameterId.AttenuationLimit, 73.3 * 60 / 100);
        direct.SetValue(ParameterId.Model, 0);
        Assert.True(migrated.Activate(48000, 1));
        Assert.True(direct.Activate(48000, 1));
        Assert.Equal(Render(direct, input, [512])[0], Render(migrated, input, [512])[0]);
    }

    [Fact]
    public void A_state_with_strength_out_of_its_old_range_or_twice_is_refused()
    {
        var processor = NewProcessor();
        Assert.False(processor.LoadState(StateWithStrength(100.5)));
        Assert.False(processor.LoadState(StateWithStrength(double.NaN)));
        Assert.Equal(60, processor.GetValue(ParameterId.AttenuationLimit));
    }
}
