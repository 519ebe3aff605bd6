using PercepNet.Engine.Inference;

namespace PercepNet.Tests.Inference;

/// <summary>Corrupted model files must end in <see cref="InvalidModelException"/> (or, where the corruption leaves a
/// consistent file, in a model that runs), never in any other exception or an out-of-range read.</summary>
public class ModelFuzzTests
{
    private static readonly Dictionary<string, byte[]> ValidFiles = new()
    {
        ["int8 v1"] = ModelFileWriter.Write(RandomModels.PercepNetShaped(new Random(11), 10, 4, 12, 8, [6, 5])),
        ["float32 v2"] = ModelFileWriter.Write(
            RandomModels.AsFloat(new Random(14), RandomModels.PercepNetShaped(new Random(11), 10, 4, 12, 8, [6, 5]))),
    };

    public static TheoryData<string> Kinds => new(ValidFiles.Keys);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EveryTruncationIsRejected(string kind)
    {
        var validFile = ValidFiles[kind];
        for (int length = 0; length < validFile.Length; length++)
            Assert.Throws<InvalidModelException>(() => PercepNetModel.Load(validFile.AsSpan(0, length)));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EverySingleByteCorruptionIsRejected(string kind)
    {
        // CRC-32 detects every error burst of up to 32 bits, so no single changed byte may pass.
        var rng = new Random(12);
        var file = ValidFiles[kind].ToArray();
        for (int i = 0; i < file.Length; i++)
        {
            byte original = file[i];
            file[i] ^= (byte)rng.Next(1, 256);
            Assert.Throws<InvalidModelException>(() => PercepNetModel.Load(file));
            file[i] = original;
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void RandomCorruptionsWithARepairedCrcAreRejectedOrRunnable(string kind)
    {
        // Repairing the CRC sends every corruption through the field checks; header and shape bytes are hit
        // often because the first few hundred bytes are favoured.
        var rng = new Random(13);
        var validFile = ValidFiles[kind];
        int loaded = 0;
        for (int trial = 0; trial < 4000; trial++)
        {
            var file = Corrupt(rng, validFile);
            PercepNetModel model;
            try
            {
                model = PercepNetModel.Load(file);
            }
            catch (InvalidModelException)
            {
                continue;
            }
            loaded++;
            RunFewFrames(model);
        }
        // Weight bytes flipped under a repaired CRC make valid models: the test must have exercised those too.
        Assert.InRange(loaded, 1, 3999);
    }

    private static byte[] Corrupt(Random rng, byte[] validFile)
    {
        byte[] file;
        switch (rng.Next(3))
        {
            case 0: // flip a few bytes
                file = validFile.ToArray();
                for (int flips = rng.Next(1, 5); flips > 0; flips--)
                {
                    int at = rng.Next(2) == 0 ? rng.Next(Math.Min(300, file.Length - 4)) : rng.Next(file.Length - 4);
                    file[at] = (byte)rng.Next(256);
                }
                break;
            case 1: // cut the body short or lengthen it, keeping a CRC slot at the end
                int bodyLength = Math.Max(0, validFile.Length - 4 + rng.Next(-200, 40));
                file = new byte[bodyLength + 4];
                validFile.AsSpan(0, Math.Min(bodyLength, validFile.Length - 4)).CopyTo(file);
                break;
            default: // overwrite one u32 field-sized word with an extreme value
                file = validFile.ToArray();
                int word = 4 * rng.Next(2, 40);
                uint value = new[] { 0u, 1u, 0x7FFFFFFFu, 0x80000000u, 0xFFFFFFFFu, (uint)rng.Next() }[rng.Next(6)];
                BitConverter.GetBytes(value).CopyTo(file, word);
                break;
        }
        if (file.Length >= 4)
            ModelFileWriter.FixCrc(file);
        return file;
    }

    private static void RunFewFrames(PercepNetModel model)
    {
        var network = new GainNetwork(model);
        var features = new float[model.FeatureCount];
        var gains = new float[model.BandCount];
        var strengths = new float[model.BandCount];
        for (int t = 0; t < 4; t++)
        {
            features.AsSpan().Fill(t);
            network.Step(features, 1, gains, strengths);
        }
        Assert.All(gains, g => Assert.InRange(g, 0f, 1f));
        Assert.All(strengths, r => Assert.InRange(r, 0f, 1f));
    }
}
