using System.Runtime.InteropServices;
using System.Text;

namespace PercepNet.Cli.Dataset;

/// <summary>Writes one `shard-NNNNN.pnds` file (docs/FEATURES.md) atomically.</summary>
public static class ShardWriter
{
    public const int Version = 1;

    public static void Write(string path, ReadOnlySpan<float> records, int frames, int featureCount, int bandCount)
    {
        string tmp = path + ".tmp";
        using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write))
        using (var w = new BinaryWriter(fs, Encoding.ASCII))
        {
            w.Write("PNDS"u8);
            w.Write((uint)Version);
            w.Write((uint)frames);
            w.Write((uint)featureCount);
            w.Write((uint)bandCount);
            w.Write(MemoryMarshal.AsBytes(records));
        }
        File.Move(tmp, path, overwrite: true);
    }
}
