using PercepNet.HostTest.Hosting;

namespace PercepNet.HostTests;

/// State is versioned and validated (docs/DESIGN.md §6): reproducible bytes, every parameter
/// restored, streamed reads of any size, and bad input refused with the previous state kept.
public class StateTests
{
    /// A value away from the default for every parameter (the other end of its range). Not VST3's program change,
    /// which sets the others (FactoryPresetTests) and is no value of the state.
    static Dictionary<uint, double> NonDefaults(IHostedPlugin plugin) =>
        plugin.Parameters.Where(p => !p.IsReadOnly && !p.IsProgramChange).ToDictionary(p => p.Id,
            p => p.IsStepped ? (p.Default == p.Max ? p.Min : p.Max) : p.Min + 0.37 * (p.Max - p.Min));

    [Theory]
    [MemberData(nameof(PluginBinaries.StatefulFormats), MemberType = typeof(PluginBinaries))]
    public void Saving_twice_gives_identical_bytes_and_a_fresh_instance_restores_every_parameter(PluginFormat format)
    {
        byte[] saved;
        Dictionary<uint, double> values;
        using (IHostedPlugin source = PluginBinaries.Open(format))
        {
            // Active, as in a DAW session: VST3 values reach the processor through process calls.
            source.Activate(48000, 512);
            values = NonDefaults(source);
            foreach (var (id, value) in values) Assert.True(source.SetParameter(id, value));
            saved = source.SaveState() ?? throw new Xunit.Sdk.XunitException("state save failed");
            byte[] again = source.SaveState()!;
            Assert.Equal(saved, again);
        }
        foreach (int chunk in new[] { int.MaxValue, 1, 3, 7 })
        {
            using IHostedPlugin target = PluginBinaries.Open(format);
            Assert.True(target.LoadState(saved, chunk), $"{format}: load with {chunk}-byte reads failed");
            foreach (var (id, value) in values)
                Assert.True(Math.Abs(target.GetParameter(id) - value) < 1e-6,
                    $"{format}: parameter {id} is {target.GetParameter(id)} after load (chunk {chunk}), saved {value}");
            Assert.Equal(saved, target.SaveState());
        }
    }

    [Theory]
    [MemberData(nameof(PluginBinaries.StatefulFormats), MemberType = typeof(PluginBinaries))]
    public void Empty_random_and_truncated_state_is_refused_and_the_previous_state_kept(PluginFormat format)
    {
        using IHostedPlugin plugin = PluginBinaries.Open(format);
        plugin.Activate(48000, 512);
        foreach (var (id, value) in NonDefaults(plugin)) plugin.SetParameter(id, value);
        byte[] good = plugin.SaveState()!;
        var random = new Random(5);
        var bad = new List<(string, byte[])> { ("empty", []) };
        for (int length = 1; length < good.Length; length += Math.Max(1, good.Length / 7)) bad.Add(($"truncated to {length}", good[..length]));
        for (int i = 0; i < 8; i++)
        {
            var noise = new byte[random.Next(1, 200)];
            random.NextBytes(noise);
            bad.Add(($"random {noise.Length} bytes", noise));
        }
        var flipped = (byte[])good.Clone();
        flipped[^1] ^= 0x40;
        bad.Add(("last byte flipped", flipped));
        foreach (var (what, bytes) in bad)
        {
            Assert.False(plugin.LoadState(bytes), $"{format} accepted {what} state");
            Assert.Equal(good, plugin.SaveState());
        }
    }

    /// A project saved before the Model parameter existed (five entries), or by a later version with a parameter this
    /// build does not know, still opens: known values restored, the unknown one skipped, and the missing Model at Full,
    /// what that project ran (the default has been Light since; Parameters.Model).
    [Theory]
    [MemberData(nameof(PluginBinaries.StatefulFormats), MemberType = typeof(PluginBinaries))]
    public void State_of_an_older_or_a_newer_version_loads(PluginFormat format)
    {
        using IHostedPlugin plugin = PluginBinaries.Open(format);
        plugin.Activate(48000, 512);
        var limit = ParameterLookup.TryFind(plugin.Parameters, "attenuation")!;
        var model = ParameterLookup.TryFind(plugin.Parameters, "model")!;
        byte[] older = StateBytes([(limit.Id, 37.5)]);
        byte[] newer = StateBytes([(999, 0.25), (limit.Id, 37.5)]);   // the unknown id first: skipped, not the end

        Assert.Equal(1, model.Default, 6);   // Light
        Assert.True(plugin.LoadState(older), $"{format} refused a state without the model entry");
        Assert.Equal(37.5, plugin.GetParameter(limit.Id), 6);
        Assert.Equal(0, plugin.GetParameter(model.Id), 6);   // Full

        plugin.SetParameter(limit.Id, 50);
        Assert.True(plugin.LoadState(newer), $"{format} refused a state with an unknown parameter id");
        Assert.Equal(37.5, plugin.GetParameter(limit.Id), 6);

        var twice = StateBytes([(limit.Id, 10), (limit.Id, 20)]);
        Assert.False(plugin.LoadState(twice), $"{format} accepted a state that sets one parameter twice");
    }

    /// "Suppression strength" (id 1, 0–100 %) became "Attenuation limit" (0–60 dB, a new id): a project saved with the
    /// old parameter opens with S % as S × 0.6 dB, the same sound (tests/PercepNet.Plugin.Tests/StateTests.cs shows the
    /// engine gets the very value it had), and id 1 is no parameter any more.
    [Theory]
    [MemberData(nameof(PluginBinaries.StatefulFormats), MemberType = typeof(PluginBinaries))]
    public void A_state_with_suppression_strength_loads_as_the_attenuation_limit(PluginFormat format)
    {
        using IHostedPlugin plugin = PluginBinaries.Open(format);
        plugin.Activate(48000, 512);
        var limit = ParameterLookup.TryFind(plugin.Parameters, "attenuation")!;
        Assert.Equal((0, 60), (limit.Min, limit.Max));
        Assert.Null(ParameterLookup.TryFind(plugin.Parameters, "strength"));
        Assert.True(plugin.LoadState(StateBytes([(1, 70), (2, 20)])), $"{format} refused a state with Suppression strength");
        Assert.Equal(42, plugin.GetParameter(limit.Id), 9);
        Assert.False(plugin.LoadState(StateBytes([(1, 150)])), $"{format} accepted Suppression strength out of its 0–100 % range");
    }

    /// The documented layout (src/Plugin/Core/PluginState.cs): "PNST", u16 version 1, u16 count, (u32 id, f64 value)
    /// entries, CRC-32 (IEEE) of everything before it; written here from that description, not by the plug-in.
    static byte[] StateBytes(IReadOnlyList<(uint Id, double Value)> entries)
    {
        var bytes = new byte[8 + entries.Count * 12 + 4];
        "PNST"u8.CopyTo(bytes);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), 1);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(6), (ushort)entries.Count);
        for (int i = 0; i < entries.Count; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8 + 12 * i), entries[i].Id);
            System.Buffers.Binary.BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(12 + 12 * i), entries[i].Value);
        }
        uint crc = 0xFFFFFFFFu;
        foreach (byte b in bytes.AsSpan(0, bytes.Length - 4))
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4), ~crc);
        return bytes;
    }
}
