namespace PercepNet.Engine.Inference;

/// <summary>How a model file stores its weight matrices, with its numeric code (models/FORMAT.md, version 2's
/// weightType; version 1 files are always <see cref="Int8"/>).</summary>
internal enum WeightType
{
    /// <summary>int8 rows with one float scale per row: <see cref="QuantizedMatrix"/>, what the engine ships.</summary>
    Int8 = 1,
    /// <summary>float32 rows: <see cref="FloatMatrix"/>, the unquantised network, for evaluating quantisation.</summary>
    Float32 = 2,
}
