using System.Text;
using PercepNet.Engine.Inference;

namespace PercepNet.Tests.Inference;

public class Crc32Tests
{
    [Theory]
    [InlineData("", 0x00000000u)]
    [InlineData("123456789", 0xCBF43926u)] // the standard CRC-32/ISO-HDLC check value (zlib.crc32)
    [InlineData("The quick brown fox jumps over the lazy dog", 0x414FA339u)]
    public void MatchesZlibCheckValues(string text, uint expected) =>
        Assert.Equal(expected, Crc32.Compute(Encoding.ASCII.GetBytes(text)));
}
