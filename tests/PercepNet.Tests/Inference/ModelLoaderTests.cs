using PercepNet.Engine.Inference;

namespace PercepNet.Tests.Inference;

public class ModelLoaderTests
{
    private const int Features = 6, Bands = 3;
    // Header: magic 0, version 8, featureCount 12, bandCount 16, maxLookahead 20, layerCount 24; means from 28.
    private const int FirstLayerOffset = 28 + 2 * 4 * Features;

    private static ModelSpec ValidSpec() => RandomModels.PercepNetShaped(new Random(3), Features, Bands, 8, 5, [4, 4]);

    private static string LoadError(ModelSpec spec) =>
        Assert.Throws<InvalidModelException>(() => PercepNetModel.Load(ModelFileWriter.Write(spec))).Message;

    [Fact]
    public void LoadsAValidModelWithItsShapes()
    {
        var model = PercepNetModel.Load(ModelFileWriter.Write(ValidSpec()));
        Assert.Equal(Features, model.FeatureCount);
        Assert.Equal(Bands, model.BandCount);
        Assert.Equal(2, model.MaxLookahead);
        Assert.Equal(8 * 5 * Features + 5 * 3 * 8 + 12 * 5 + 12 * 4 + 12 * 4 + 12 * 4 + 6 * 4, model.WeightCount);
        Assert.StartsWith("Conv1D 6→8 k5 @-2 Tanh\nConv1D 8→5 k3 @-2 Tanh\nGru 5→4", model.Architecture);
    }

    [Fact]
    public void NamesWrongMagic()
    {
        var spec = ValidSpec();
        spec.Magic = "PNETMDL2"u8.ToArray();
        Assert.Contains("magic at offset 0", LoadError(spec));
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(3u)]
    public void NamesUnsupportedVersion(uint version)
    {
        var spec = ValidSpec();
        spec.Version = version;
        Assert.Contains($"version at offset 8 is {version}, this engine reads versions 1..2", LoadError(spec));
    }

    [Fact]
    public void LoadsAVersion2FloatModelWithFloatWeightsAndTheSameShapes()
    {
        var int8 = PercepNetModel.Load(ModelFileWriter.Write(ValidSpec()));
        var spec = RandomModels.AsFloat(new Random(4), ValidSpec());
        var model = PercepNetModel.Load(ModelFileWriter.Write(spec));
        Assert.Equal(int8.WeightCount, model.WeightCount);
        Assert.Equal(int8.Architecture, model.Architecture);
        var w = Assert.IsType<FloatMatrix>(((ConvLayer)model.Layers[1]).Weights);
        Assert.Equal(spec.Layers[1].Matrices[0].Floats, w.Weights);
        Assert.IsType<FloatMatrix>(((GruLayer)model.Layers[2]).InputWeights);
        Assert.IsType<FloatMatrix>(((GruLayer)model.Layers[2]).RecurrentWeights);
        Assert.IsType<FloatMatrix>(((DenseLayer)model.Layers[^1]).Weights);
    }

    [Fact]
    public void Version2WithInt8WeightsIsTheVersion1Model()
    {
        var spec = ValidSpec();
        var v1 = PercepNetModel.Load(ModelFileWriter.Write(spec));
        spec.Version = 2;
        spec.WeightType = 1;
        var v2 = PercepNetModel.Load(ModelFileWriter.Write(spec));
        var features = RandomModels.Features(new Random(6), spec, 20);
        Assert.Equal(StreamingRun.Run(new GainNetwork(v1), features, spec.Mean, 1),
            StreamingRun.Run(new GainNetwork(v2), features, spec.Mean, 1));
        Assert.IsType<QuantizedMatrix>(((ConvLayer)v2.Layers[0]).Weights);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(3u)]
    [InlineData(0xFFFFFFFFu)]
    public void NamesAnUnknownWeightType(uint weightType)
    {
        var spec = ValidSpec();
        spec.Version = 2;
        spec.WeightType = weightType;
        Assert.Contains($"weightType at offset 12 is {weightType}, expected 1 (int8 with row scales) or 2 (float32)", LoadError(spec));
    }

    [Fact]
    public void Version2FieldsSitFourBytesLater()
    {
        var spec = RandomModels.AsFloat(new Random(4), ValidSpec());
        spec.FeatureCount = 2_000_000_000;
        Assert.Contains("featureCount at offset 16 is 2000000000, expected 1..4096", LoadError(spec));
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.NegativeInfinity)]
    public void NamesANonFiniteFloatWeightByRowAndColumn(float weight)
    {
        var spec = RandomModels.AsFloat(new Random(4), ValidSpec());
        // Layer 1 is Conv1D 8→5 with 3 taps: 24 columns. Layer 0 (Conv1D 6→8, 5 taps) is a 24-byte header,
        // 8×30 float weights and 8 biases.
        spec.Layers[1].Matrices[0].Floats![2 * 24 + 5] = weight;
        int layer1Weights = FirstLayerOffset + 4 + (24 + 4 * 8 * 30 + 4 * 8) + 24;
        string message = LoadError(spec);
        Assert.Contains($"layer 1.W[2][5] at offset {layer1Weights + 4 * (2 * 24 + 5)} is {weight}, expected a finite number", message);
    }

    [Fact]
    public void NamesATruncatedFloatMatrixWithItsSize()
    {
        var file = ModelFileWriter.Write(RandomModels.AsFloat(new Random(4), ValidSpec()));
        int weightsAt = FirstLayerOffset + 4 + 24;
        var truncated = file.AsSpan(0, weightsAt + 100).ToArray();
        string message = Assert.Throws<InvalidModelException>(() => PercepNetModel.Load(truncated)).Message;
        Assert.Contains($"layer 0.W at offset {weightsAt} is 8x30 and needs 960 bytes", message);
        Assert.Contains("truncated", message);
    }

    [Fact]
    public void RejectsInt8MatricesInAFileThatSaysFloat()
    {
        var spec = ValidSpec();
        spec.Version = 2;
        spec.WeightType = 2;
        Assert.Throws<InvalidModelException>(() => PercepNetModel.Load(ModelFileWriter.Write(spec)));
    }

    [Theory]
    [InlineData(0u, "layerCount at offset 24 is 0")]
    [InlineData(65u, "layerCount at offset 24 is 65")]
    [InlineData(0xFFFFFFFFu, "layerCount at offset 24 is 4294967295")]
    public void RejectsLayerCountOutOfRange(uint count, string expected)
    {
        var spec = ValidSpec();
        spec.LayerCountOverride = count;
        Assert.Contains(expected, LoadError(spec));
    }

    [Fact]
    public void RejectsAHugeFeatureCountBeforeAllocating()
    {
        var spec = ValidSpec();
        spec.FeatureCount = 2_000_000_000;
        Assert.Contains("featureCount at offset 12 is 2000000000, expected 1..4096", LoadError(spec));
    }

    [Fact]
    public void NamesABrokenShapeChain()
    {
        var spec = ValidSpec();
        spec.Layers[2].InputSize = 6;
        Assert.Matches(@"layer 2\.inputSize at offset \d+ is 6 but the previous layer's outputSize is 5", LoadError(spec));
    }

    [Fact]
    public void NamesADenseOfOutputsThatDoesNotJoinItsLayers()
    {
        var rng = new Random(4);
        Assert.Equal(4, (int)PercepNetModel.Load(ModelFileWriter.Write(Joined())).Layers[^1].Kind);
        var wrongSize = Joined();
        wrongSize.Layers[^1].InputSize -= 1;
        wrongSize.Layers[^1].Matrices[0] = RandomModels.Matrix(rng, 8, (int)wrongSize.Layers[^1].InputSize);
        Assert.Matches(@"layer 4\.inputSize at offset \d+ is 22 but the outputSizes of the 3 layers it joins add up to 23", LoadError(wrongSize));
        var tooMany = Joined();
        tooMany.Layers[^1].Taps = 5;
        Assert.Matches(@"layer 4\.taps at offset \d+ is 5: a Dense of outputs joins 2\.\.4 earlier layers' outputs", LoadError(tooMany));

        static ModelSpec Joined() =>   // conv 6 → conv 8 → GRU 7 → GRU 8 → Dense of the last three (8 + 7 + 8)
            RandomModels.PercepNetShaped(new Random(3), features: 5, bands: 4, conv1: 6, conv2: 8, grus: [7, 8], outputConcat: true);
    }

    [Fact]
    public void NamesAFirstLayerThatDoesNotTakeTheFeatures()
    {
        var spec = ValidSpec();
        spec.Layers[0].InputSize = 7;
        Assert.Contains($"layer 0.inputSize at offset {FirstLayerOffset + 8} is 7 but the featureCount is 6", LoadError(spec));
    }

    [Theory]
    [InlineData(float.NaN, "is NaN, expected a finite number")]
    [InlineData(0f, "is 0, expected > 0")]
    [InlineData(-1f, "is -1, expected > 0")]
    [InlineData(float.PositiveInfinity, "expected a finite number")]
    public void NamesABadScale(float scale, string expected)
    {
        var spec = ValidSpec();
        spec.Layers[1].Matrices[0].Scales[2] = scale;
        string message = LoadError(spec);
        Assert.Contains("layer 1.W.scale[2] at offset", message);
        Assert.Contains(expected, message);
    }

    [Fact]
    public void NamesANonFiniteBiasOrNormalisation()
    {
        var spec = ValidSpec();
        spec.Layers[2].Vectors[1][5] = float.NegativeInfinity;
        Assert.Contains("layer 2.b_hh[5] at offset", LoadError(spec));

        spec = ValidSpec();
        spec.InvStd[1] = float.NaN;
        Assert.Contains($"featureInvStd[1] at offset {28 + 4 * Features + 4}", LoadError(spec));
    }

    [Fact]
    public void RequiresTheLastLayerToBeDenseSigmoidWithTwoOutputsPerBand()
    {
        var spec = ValidSpec();
        spec.Layers[^1].Activation = 1;
        Assert.Contains("the last layer must be Dense Sigmoid with 2 * bandCount = 6 outputs", LoadError(spec));

        spec = ValidSpec();
        spec.BandCount = 4;
        Assert.Contains("the last layer must be Dense Sigmoid with 2 * bandCount = 8 outputs", LoadError(spec));
    }

    [Fact]
    public void RequiresTheFirstConvolutionToLookExactlyMaxLookaheadAhead()
    {
        var spec = ValidSpec();
        spec.MaxLookahead = 1;
        Assert.Contains($"layer 0.firstTapOffset at offset {FirstLayerOffset + 20} is -2 with 5 taps, so the last tap reads frame t+2, but maxLookahead (offset 20) is 1",
            LoadError(spec));
    }

    [Fact]
    public void RejectsLookaheadAfterTheFirstLayer()
    {
        var spec = ValidSpec();
        spec.Layers[1].FirstTapOffset = -1;
        Assert.Contains("layer 1.firstTapOffset", LoadError(spec));
        Assert.Contains("only layer 0 may look ahead", LoadError(spec));
    }

    [Fact]
    public void RejectsLookaheadWithoutAFirstConvolution()
    {
        var rng = new Random(5);
        var spec = RandomModels.NewSpec(rng, Features, Bands, maxLookahead: 1);
        spec.Layers.Add(RandomModels.Dense(rng, Features, 2 * Bands, activation: 3));
        Assert.Contains("maxLookahead at offset 20 is 1 but layer 0 is Dense", LoadError(spec));
    }

    [Fact]
    public void RequiresTanhForGru()
    {
        var spec = ValidSpec();
        spec.Layers[2].Activation = 3;
        Assert.Contains("layer 2.activation", LoadError(spec));
        Assert.Contains("a GRU's must be 2 (Tanh)", LoadError(spec));
    }

    [Theory]
    [InlineData(0u, "layer 0.taps")]
    [InlineData(9u, "layer 0.taps")]
    public void RejectsConvTapsOutOfRange(uint taps, string expected)
    {
        var spec = ValidSpec();
        spec.Layers[0].Taps = taps;
        Assert.Contains(expected, LoadError(spec));
    }

    [Fact]
    public void NamesTruncationWithTheFieldBeingRead()
    {
        var file = ModelFileWriter.Write(ValidSpec());
        var truncated = file.AsSpan(0, FirstLayerOffset + 24 + 10).ToArray();
        string message = Assert.Throws<InvalidModelException>(() => PercepNetModel.Load(truncated)).Message;
        Assert.Contains($"layer 0.W at offset {FirstLayerOffset + 24} is 8x30 and needs 272 bytes", message);
        Assert.Contains("truncated", message);
    }

    [Fact]
    public void NamesTrailingBytes()
    {
        var file = ModelFileWriter.Write(ValidSpec());
        var longer = new byte[file.Length + 3];
        file.CopyTo(longer, 0);
        ModelFileWriter.FixCrc(longer);
        Assert.Contains($"crc32 at offset {file.Length - 4} expected here (end of the last layer), but the file has 3 more bytes",
            Assert.Throws<InvalidModelException>(() => PercepNetModel.Load(longer)).Message);
    }

    [Fact]
    public void NamesACorruptedCrc()
    {
        var file = ModelFileWriter.Write(ValidSpec());
        file[FirstLayerOffset + 30] ^= 0x10; // a weight byte: every field stays valid, only the checksum can tell
        Assert.Contains($"crc32 at offset {file.Length - 4}",
            Assert.Throws<InvalidModelException>(() => PercepNetModel.Load(file)).Message);
    }

    [Fact]
    public void RejectsFilesShorterThanAHeader()
    {
        Assert.Contains("shorter than a header", Assert.Throws<InvalidModelException>(() => PercepNetModel.Load([])).Message);
    }
}
