using PercepNet.Plugin.Core;

namespace PercepNet.Plugin.Shells.Vst3;

/// <summary>
/// Interface ids from DECLARE_CLASS_IID in the headers, as 16-byte TUIDs. Off Windows the SDK's
/// INLINE_UID lays the four 32-bit words out big-endian, byte by byte (base/funknown.h).
/// </summary>
internal static class Vst3Iids
{
    public static readonly byte[] FUnknown = Uid(0x00000000, 0x00000000, 0xC0000000, 0x00000046);
    public static readonly byte[] IPluginBase = Uid(0x22888DDB, 0x156E45AE, 0x8358B348, 0x08190625);
    public static readonly byte[] IPluginFactory = Uid(0x7A4D811C, 0x52114A1F, 0xAED9D2EE, 0x0B43BF9F);
    public static readonly byte[] IPluginFactory2 = Uid(0x0007B650, 0xF24B4C0B, 0xA464EDB9, 0xF00B2ABB);
    public static readonly byte[] IPluginFactory3 = Uid(0x4555A2AB, 0xC1234E57, 0x9B122910, 0x36878931);
    public static readonly byte[] IComponent = Uid(0xE831FF31, 0xF2D54301, 0x928EBBEE, 0x25697802);
    public static readonly byte[] IAudioProcessor = Uid(0x42043F99, 0xB7DA453C, 0xA569E79D, 0x9AAEC33D);
    public static readonly byte[] IEditController = Uid(0xDCD7BBE3, 0x7742448D, 0xA874AACC, 0x979C759E);
    public static readonly byte[] IProcessContextRequirements = Uid(0x2A654303, 0xEF764E3D, 0x95B5FE83, 0x730EF6D0);
    public static readonly byte[] IUnitInfo = Uid(0x3D4BD6B5, 0x913A4FD2, 0xA886E768, 0xA5EB92C1);

    /// <summary>The class id of our effect (processor and controller in one object).</summary>
    public static readonly byte[] PercepNetClass = Uid(PluginInfo.Vst3ClassIdWords[0], PluginInfo.Vst3ClassIdWords[1],
        PluginInfo.Vst3ClassIdWords[2], PluginInfo.Vst3ClassIdWords[3]);

    public static byte[] Uid(uint l1, uint l2, uint l3, uint l4)
    {
        var bytes = new byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(0), l1);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), l2);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(8), l3);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(12), l4);
        return bytes;
    }

    public static unsafe bool Is(byte* tuid, byte[] iid) => tuid != null && new ReadOnlySpan<byte>(tuid, 16).SequenceEqual(iid);

    /// <summary>The class id as moduleinfo.json writes it: 32 upper-case hex digits.</summary>
    public static string ToHex(byte[] uid) => Convert.ToHexString(uid);
}
