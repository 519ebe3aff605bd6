using PercepNet.HostTest.Hosting;

namespace PercepNet.HostTests;

/// State is versioned and validated (DESIGN.md §6): reproducible bytes, every parameter
/// restored, streamed reads of any size, and bad input refused with the previous state kept.
public class StateTests
{
    /// A value away from the default for every parameter (the other end of its range).
    static Dictionary<uint, double> NonDefaults(IHostedPlugin plugin) =>
        plugin.Parameters.Where(p => !p.IsReadOnly).ToDictionary(p => p.Id,
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
}
