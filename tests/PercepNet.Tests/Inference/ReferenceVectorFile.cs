using System.Buffers.Binary;

namespace PercepNet.Tests.Inference;

/// <summary>A <c>*.pnm.ref</c> file (models/FORMAT.md): raw features and the PyTorch outputs of the int8-dequantised
/// model at one lookahead.</summary>
internal sealed record ReferenceVectorFile(int Lookahead, float[][] Features, double[][] Outputs)
{
    public static ReferenceVectorFile Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal("PNETREF1"u8.ToArray(), bytes[..8]);
        int frames = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        int featureCount = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12));
        int outputCount = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(16));
        int lookahead = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(20));
        Assert.Equal(24 + 4L * frames * (featureCount + outputCount), bytes.Length);

        int at = 24;
        float[] Row(int count)
        {
            var row = new float[count];
            for (int i = 0; i < count; i++, at += 4)
                row[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(at));
            return row;
        }
        var features = Enumerable.Range(0, frames).Select(_ => Row(featureCount)).ToArray();
        var outputs = Enumerable.Range(0, frames).Select(_ => Row(outputCount).Select(v => (double)v).ToArray()).ToArray();
        return new ReferenceVectorFile(lookahead, features, outputs);
    }
}
