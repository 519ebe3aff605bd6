using System.Buffers.Binary;

namespace PercepNet.Engine.Inference;

/// <summary>Parses and validates a .pnm file (models/FORMAT.md versions 1 and 2). Every field is checked before
/// anything is allocated from it or run, so a truncated, corrupted or inconsistent file ends in one
/// <see cref="InvalidModelException"/> naming the field and its offset, never in a crash.</summary>
internal static class ModelFileParser
{
    public const uint LatestVersion = 2;
    public const int MaxFeatures = 4096;
    public const int MaxBands = 1024;
    public const int MaxLayers = 64;
    public const int MaxUnits = 4096;
    public const int MaxTaps = 8;
    public const int MaxLookahead = 2;
    /// <summary>How far into the past a convolution may reach; bounds the history kept per stream.</summary>
    public const int MaxPastOffset = 16;

    private static ReadOnlySpan<byte> Magic => "PNETMDL1"u8;
    private const int HeaderBytes = 8 + 5 * 4;
    private const int CrcBytes = 4;

    public static PercepNetModel Parse(ReadOnlySpan<byte> file)
    {
        if (file.Length < HeaderBytes + CrcBytes)
            throw new InvalidModelException(
                $"Invalid model: the file is {file.Length} bytes, shorter than a header and crc32 ({HeaderBytes + CrcBytes} bytes).");
        if (!file[..8].SequenceEqual(Magic))
            throw ModelFileReader.Error("magic", 0, "is not \"PNETMDL1\" (not a PercepNet model file)");

        var reader = new ModelFileReader(file[..^CrcBytes]);
        reader.ReadBytes(8, "magic");
        int versionAt = reader.Offset;
        uint version = reader.ReadUInt32("version");
        if (version is < 1 or > LatestVersion)
            throw ModelFileReader.Error("version", versionAt, $"is {version}, this engine reads versions 1..{LatestVersion}");
        var weightType = WeightType.Int8;
        if (version >= 2)
        {
            int weightTypeAt = reader.Offset;
            uint code = reader.ReadUInt32("weightType");
            if (code is < 1 or > 2)
                throw ModelFileReader.Error("weightType", weightTypeAt, $"is {code}, expected 1 (int8 with row scales) or 2 (float32)");
            weightType = (WeightType)code;
        }
        int featureCount = reader.ReadCount("featureCount", 1, MaxFeatures);
        int bandCount = reader.ReadCount("bandCount", 1, MaxBands);
        int lookaheadAt = reader.Offset;
        int maxLookahead = reader.ReadCount("maxLookahead", 0, MaxLookahead);
        int layerCount = reader.ReadCount("layerCount", 1, MaxLayers);
        float[] mean = reader.ReadFiniteFloats(featureCount, "featureMean");
        float[] invStd = reader.ReadFiniteFloats(featureCount, "featureInvStd");

        var layers = new ModelLayer[layerCount];
        int lastLayerAt = 0;
        for (int l = 0; l < layerCount; l++)
        {
            lastLayerAt = reader.Offset;
            layers[l] = ReadLayer(ref reader, l, layers.AsSpan(0, l), featureCount, maxLookahead, lookaheadAt, weightType);
        }

        var last = layers[^1];
        if (last is not DenseLayer || last.Activation != ActivationKind.Sigmoid || last.OutputSize != 2 * bandCount)
            throw ModelFileReader.Error($"layer {layerCount - 1}", lastLayerAt,
                $"is {last.Kind} {last.Activation} with {last.OutputSize} outputs; the last layer must be Dense Sigmoid with 2 * bandCount = {2 * bandCount} outputs");
        if (maxLookahead > 0 && layers[0].Kind != LayerKind.Conv1D)
            throw ModelFileReader.Error("maxLookahead", lookaheadAt,
                $"is {maxLookahead} but layer 0 is {layers[0].Kind}; only a first Conv1D layer can look ahead");
        if (reader.Remaining != 0)
            throw ModelFileReader.Error("crc32", reader.Offset,
                $"expected here (end of the last layer), but the file has {reader.Remaining} more bytes before its last 4");

        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(file[^CrcBytes..]);
        uint computed = Crc32.Compute(file[..^CrcBytes]);
        if (stored != computed)
            throw ModelFileReader.Error("crc32", file.Length - CrcBytes,
                $"is 0x{stored:X8} but the file's bytes give 0x{computed:X8} (file corrupted)");

        return new PercepNetModel(featureCount, bandCount, maxLookahead, mean, invStd, layers);
    }

    private static ModelLayer ReadLayer(ref ModelFileReader reader, int index, ReadOnlySpan<ModelLayer> before, int featureCount,
        int maxLookahead, int lookaheadAt, WeightType weightType)
    {
        string name = $"layer {index}";
        int kindAt = reader.Offset;
        uint kindCode = reader.ReadUInt32($"{name}.kind");
        if (kindCode is < 1 or > 4)
            throw ModelFileReader.Error($"{name}.kind", kindAt, $"is {kindCode}, expected 1 (Conv1D), 2 (GRU), 3 (Dense) or 4 (Dense of outputs)");
        var kind = (LayerKind)kindCode;
        int activationAt = reader.Offset;
        var activation = (ActivationKind)reader.ReadCount($"{name}.activation", 0, 3);
        int inputAt = reader.Offset;
        int inputSize = reader.ReadCount($"{name}.inputSize", 1, Math.Max(MaxUnits, MaxFeatures));
        int outputSize = reader.ReadCount($"{name}.outputSize", 1, MaxUnits);
        int tapsAt = reader.Offset;
        int taps = reader.ReadCount($"{name}.taps", 1, kind switch { LayerKind.Conv1D => MaxTaps, LayerKind.DenseOfOutputs => MaxLayers, _ => 1 });
        // A Dense of outputs reads the outputs of the `taps` layers before it, never the features.
        if (kind == LayerKind.DenseOfOutputs && (taps < 2 || taps > index))
            throw ModelFileReader.Error($"{name}.taps", tapsAt,
                $"is {taps}: a Dense of outputs joins 2..{index} earlier layers' outputs (layer {index} has {index} before it)");
        int joined = kind == LayerKind.DenseOfOutputs ? taps : 1;
        int expectedInput = index == 0 ? featureCount : 0;
        for (int j = index - joined; j < index && index > 0; j++)
            expectedInput += before[j].OutputSize;
        if (inputSize != expectedInput)
            throw ModelFileReader.Error($"{name}.inputSize", inputAt, index == 0 ? $"is {inputSize} but the featureCount is {expectedInput}"
                : joined > 1 ? $"is {inputSize} but the outputSizes of the {joined} layers it joins add up to {expectedInput}"
                : $"is {inputSize} but the previous layer's outputSize is {expectedInput}");
        int offsetAt = reader.Offset;
        int firstTapOffset = reader.ReadInt32($"{name}.firstTapOffset");

        switch (kind)
        {
            case LayerKind.Dense or LayerKind.DenseOfOutputs:
            {
                if (firstTapOffset != 0)
                    throw ModelFileReader.Error($"{name}.firstTapOffset", offsetAt, $"is {firstTapOffset}, expected 0 for {kind}");
                var weights = reader.ReadMatrix(outputSize, inputSize, $"{name}.W", weightType);
                var bias = reader.ReadFiniteFloats(outputSize, $"{name}.bias");
                return new DenseLayer(activation, weights, bias, joined);
            }
            case LayerKind.Gru:
            {
                if (activation != ActivationKind.Tanh)
                    throw ModelFileReader.Error($"{name}.activation", activationAt, $"is {activation}, a GRU's must be 2 (Tanh)");
                if (firstTapOffset != 0)
                    throw ModelFileReader.Error($"{name}.firstTapOffset", offsetAt, $"is {firstTapOffset}, expected 0 for GRU");
                var inputWeights = reader.ReadMatrix(3 * outputSize, inputSize, $"{name}.W_ih", weightType);
                var recurrentWeights = reader.ReadMatrix(3 * outputSize, outputSize, $"{name}.W_hh", weightType);
                var inputBias = reader.ReadFiniteFloats(3 * outputSize, $"{name}.b_ih");
                var recurrentBias = reader.ReadFiniteFloats(3 * outputSize, $"{name}.b_hh");
                return new GruLayer(inputWeights, recurrentWeights, inputBias, recurrentBias);
            }
            default:
            {
                if (firstTapOffset < -MaxPastOffset || firstTapOffset > MaxLookahead)
                    throw ModelFileReader.Error($"{name}.firstTapOffset", offsetAt,
                        $"is {firstTapOffset}, expected {-MaxPastOffset}..{MaxLookahead}");
                int lastTap = firstTapOffset + taps - 1;
                // Only the first layer may look ahead, and exactly as far as maxLookahead says (FORMAT.md);
                // a later look-ahead would add latency the engine does not report.
                if (index == 0 && lastTap != maxLookahead)
                    throw ModelFileReader.Error($"{name}.firstTapOffset", offsetAt,
                        $"is {firstTapOffset} with {taps} taps, so the last tap reads frame t{lastTap:+0;-0;+0}, but maxLookahead (offset {lookaheadAt}) is {maxLookahead}");
                if (index > 0 && lastTap > 0)
                    throw ModelFileReader.Error($"{name}.firstTapOffset", offsetAt,
                        $"is {firstTapOffset} with {taps} taps, reading frame t+{lastTap}; only layer 0 may look ahead");
                var weights = reader.ReadMatrix(outputSize, taps * inputSize, $"{name}.W", weightType);
                var bias = reader.ReadFiniteFloats(outputSize, $"{name}.bias");
                return new ConvLayer(activation, inputSize, taps, firstTapOffset, weights, bias);
            }
        }
    }
}
