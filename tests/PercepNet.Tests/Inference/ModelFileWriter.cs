using System.Buffers.Binary;
using PercepNet.Engine.Inference;

namespace PercepNet.Tests.Inference;

/// <summary>Serialises a <see cref="ModelSpec"/> to the .pnm layout of models/FORMAT.md, closing it with a correct
/// CRC-32 even when the spec is deliberately inconsistent, so the loader's field checks can be reached.</summary>
internal static class ModelFileWriter
{
    public static byte[] Write(ModelSpec spec)
    {
        var bytes = new List<byte>();
        bytes.AddRange(spec.Magic);
        AddUInt32(bytes, spec.Version);
        if (spec.Version >= 2)
            AddUInt32(bytes, spec.WeightType);
        AddUInt32(bytes, spec.FeatureCount);
        AddUInt32(bytes, spec.BandCount);
        AddUInt32(bytes, spec.MaxLookahead);
        AddUInt32(bytes, spec.LayerCountOverride ?? (uint)spec.Layers.Count);
        AddFloats(bytes, spec.Mean);
        AddFloats(bytes, spec.InvStd);
        foreach (var layer in spec.Layers)
        {
            AddUInt32(bytes, layer.Kind);
            AddUInt32(bytes, layer.Activation);
            AddUInt32(bytes, layer.InputSize);
            AddUInt32(bytes, layer.OutputSize);
            AddUInt32(bytes, layer.Taps);
            AddUInt32(bytes, unchecked((uint)layer.FirstTapOffset));
            foreach (var matrix in layer.Matrices)
            {
                if (matrix.Floats is { } floats)
                {
                    AddFloats(bytes, floats);
                    continue;
                }
                bytes.AddRange(matrix.Q.Select(q => unchecked((byte)q)));
                AddFloats(bytes, matrix.Scales);
            }
            foreach (var vector in layer.Vectors)
                AddFloats(bytes, vector);
        }
        var body = bytes.ToArray();
        var file = new byte[body.Length + 4];
        body.CopyTo(file, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(body.Length), Crc32.Compute(body));
        return file;
    }

    /// <summary>Rewrites the trailing CRC of an edited file so that only the edit itself can be rejected.</summary>
    public static void FixCrc(byte[] file) =>
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(file.Length - 4), Crc32.Compute(file.AsSpan(0, file.Length - 4)));

    private static void AddUInt32(List<byte> bytes, uint value)
    {
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, value);
        bytes.AddRange(buffer.ToArray());
    }

    private static void AddFloats(List<byte> bytes, float[] values)
    {
        Span<byte> buffer = stackalloc byte[4];
        foreach (float v in values)
        {
            BinaryPrimitives.WriteSingleLittleEndian(buffer, v);
            bytes.AddRange(buffer.ToArray());
        }
    }
}
