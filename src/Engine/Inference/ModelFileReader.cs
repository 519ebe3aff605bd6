using System.Buffers.Binary;

namespace PercepNet.Engine.Inference;

/// <summary>Bounds-checked little-endian cursor over a model file's payload (everything before the CRC).
/// Every read names its field so that a failure can say what is wrong and where.</summary>
internal ref struct ModelFileReader
{
    private readonly ReadOnlySpan<byte> payload;

    public ModelFileReader(ReadOnlySpan<byte> payload) => this.payload = payload;

    public int Offset { get; private set; }
    public int Remaining => payload.Length - Offset;

    public ReadOnlySpan<byte> ReadBytes(int count, string field)
    {
        Require(count, field);
        var bytes = payload.Slice(Offset, count);
        Offset += count;
        return bytes;
    }

    public uint ReadUInt32(string field) => BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4, field));

    public int ReadInt32(string field) => BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4, field));

    /// <summary>Reads a u32 and checks it lies in <c>[min, max]</c>.</summary>
    public int ReadCount(string field, int min, int max)
    {
        int at = Offset;
        uint value = ReadUInt32(field);
        if (value < (uint)min || value > (uint)max)
            throw Error(field, at, $"is {value}, expected {min}..{max}");
        return (int)value;
    }

    /// <summary>Reads <paramref name="count"/> finite floats; with <paramref name="columns"/> &gt; 0 they are a
    /// row-major matrix and a bad one is named <c>field[row][column]</c>.</summary>
    public float[] ReadFiniteFloats(int count, string field, int columns = 0)
    {
        int at = Offset;
        var bytes = ReadBytes(checked(count * 4), field);
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(4 * i, 4));
            if (!float.IsFinite(values[i]))
                throw Error(columns > 0 ? $"{field}[{i / columns}][{i % columns}]" : $"{field}[{i}]", at + 4 * i,
                    $"is {values[i]}, expected a finite number");
        }
        return values;
    }

    /// <summary>Reads a weight matrix stored as <paramref name="type"/> (models/FORMAT.md).</summary>
    public WeightMatrix ReadMatrix(int rows, int columns, string field, WeightType type)
    {
        // The size is checked before anything is allocated, so a huge shape fails with its name, not out of memory.
        long bytesNeeded = type == WeightType.Float32 ? 4L * rows * columns : (long)rows * columns + 4L * rows;
        if (bytesNeeded > Remaining)
            throw Error(field, Offset,
                $"is {rows}x{columns} and needs {bytesNeeded} bytes, but only {Remaining} remain before the crc32 (file truncated?)");
        return type == WeightType.Float32
            ? new FloatMatrix(rows, columns, ReadFiniteFloats(rows * columns, field, columns))
            : ReadQuantizedMatrix(rows, columns, field);
    }

    /// <summary>int8 rows then one finite, positive scale per row.</summary>
    private QuantizedMatrix ReadQuantizedMatrix(int rows, int columns, string field)
    {
        var weights = new sbyte[rows * columns];
        ReadBytes(rows * columns, field).CopyTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(weights.AsSpan()));
        int scalesAt = Offset;
        var scales = ReadFiniteFloats(rows, $"{field}.scale");
        for (int r = 0; r < rows; r++)
            if (!(scales[r] > 0f))
                throw Error($"{field}.scale[{r}]", scalesAt + 4 * r, $"is {scales[r]}, expected > 0");
        return new QuantizedMatrix(rows, columns, weights, scales);
    }

    private void Require(int count, string field)
    {
        if (count < 0 || count > Remaining)
            throw Error(field, Offset, $"needs {count} bytes but only {Remaining} remain before the crc32 (file truncated?)");
    }

    public static InvalidModelException Error(string field, int offset, string problem) =>
        new($"Invalid model: {field} at offset {offset} {problem}.");
}
