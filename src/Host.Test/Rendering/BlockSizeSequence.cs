namespace PercepNet.HostTest.Rendering;

/// The block sizes a render feeds the plugin: one fixed size, or a seeded random sequence that
/// includes empty blocks and the extremes, as validators and real hosts (varying buffer sizes
/// after a transport jump, 0-frame parameter flushes) do.
public sealed class BlockSizeSequence
{
    readonly int _fixed;
    readonly Random? _random;

    public int MaxBlock { get; }
    public string Description { get; }

    BlockSizeSequence(int fixedSize, Random? random, int maxBlock, string description)
    {
        _fixed = fixedSize;
        _random = random;
        MaxBlock = maxBlock;
        Description = description;
    }

    public static BlockSizeSequence Fixed(int size)
    {
        if (size < 1) throw new ArgumentOutOfRangeException(nameof(size), "block size must be at least 1");
        return new BlockSizeSequence(size, null, size, size.ToString());
    }

    public static BlockSizeSequence Random(int seed = 1, int maxBlock = 4096) =>
        new(0, new Random(seed), maxBlock, $"random(seed {seed}, max {maxBlock})");

    public static BlockSizeSequence Parse(string text, int seed = 1) =>
        text.Equals("random", StringComparison.OrdinalIgnoreCase) ? Random(seed) : Fixed(int.Parse(text));

    public int Next()
    {
        if (_random == null) return _fixed;
        // Mostly small and odd sizes, sometimes 0, 1 or the maximum.
        return _random.Next(20) switch
        {
            0 => 0,
            1 => 1,
            2 => MaxBlock,
            < 12 => _random.Next(1, 64),
            _ => _random.Next(1, MaxBlock + 1),
        };
    }
}
