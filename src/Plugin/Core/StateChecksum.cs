namespace PercepNet.Plugin.Core;

/// <summary>
/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320) of a saved state, so that random or
/// damaged bytes that happen to carry the right magic and length are still refused.
/// Written here to keep the plug-in free of package dependencies.
/// </summary>
internal static class StateChecksum
{
    static readonly uint[] Table = BuildTable();

    static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFFu;
        foreach (byte b in data) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return ~crc;
    }
}
