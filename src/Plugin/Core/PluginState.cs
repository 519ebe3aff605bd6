using System.Buffers.Binary;

namespace PercepNet.Plugin.Core;

/// <summary>
/// The saved state of one plug-in instance: the plain value of every parameter, in a small
/// versioned little-endian format (docs/DESIGN.md §6 "State"):
///
///   "PNST"  magic (4 bytes)
///   u16     format version (1)
///   u16     parameter count N
///   N × { u32 parameter id, f64 plain value }   in <see cref="Parameters.All"/> order
///   u32     CRC-32 of every byte before it
///
/// Writing is deterministic, so saving twice gives identical bytes. Reading validates all of
/// it (magic, version, exact length, checksum, no id twice, finite in-range values) and fills
/// the result only when everything passed, so a refused state leaves the caller's values as
/// they were. Ids this build does not know are skipped, not refused: a project saved by a later
/// version, with a parameter added at the end (as "model" was), still opens with every setting
/// this build has; the checksum has already vouched for those bytes.
///
/// Retired ids are converted: "Suppression strength" (id 1, 0–100 %) became the attenuation limit (id 7, 0–60 dB),
/// and S % loads as S × 60 / 100 dB, which the engine turns back into exactly the share S / 100 it used before, so
/// an old project sounds as it did (the engine runs the limit as a share of 60 dB, see SpeechEnhancer).
/// </summary>
public static class PluginState
{
    public const int Version = 1;
    /// <summary>Hosts may hand us streams of any length; no valid state is near this size.</summary>
    public const int MaxBytes = 4096;

    static ReadOnlySpan<byte> Magic => "PNST"u8;
    const int HeaderBytes = 8, EntryBytes = 12, ChecksumBytes = 4;

    public static int SizeFor(int parameterCount) => HeaderBytes + parameterCount * EntryBytes + ChecksumBytes;

    /// <summary>Serializes plain values (indexed like <see cref="Parameters.All"/>).</summary>
    public static byte[] Write(ReadOnlySpan<double> plainValues)
    {
        var all = Parameters.All;
        var bytes = new byte[SizeFor(all.Length)];
        var span = bytes.AsSpan();
        Magic.CopyTo(span);
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], Version);
        BinaryPrimitives.WriteUInt16LittleEndian(span[6..], (ushort)all.Length);
        int at = HeaderBytes;
        for (int i = 0; i < all.Length; i++, at += EntryBytes)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span[at..], (uint)all[i].Id);
            BinaryPrimitives.WriteDoubleLittleEndian(span[(at + 4)..], all[i].Sanitize(plainValues[i]));
        }
        BinaryPrimitives.WriteUInt32LittleEndian(span[at..], StateChecksum.Compute(span[..at]));
        return bytes;
    }

    /// <summary>
    /// Parses a state. On success writes every parameter's plain value into
    /// <paramref name="plainValues"/> (parameters a version-1 state does not mention get
    /// <see cref="Parameter.ValueWhenAbsentFromState"/>: what the project ran when it was saved);
    /// on failure leaves it untouched and returns false.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> bytes, Span<double> plainValues)
    {
        var all = Parameters.All;
        if (plainValues.Length < all.Length || bytes.Length < SizeFor(0) || bytes.Length > MaxBytes) return false;
        if (!bytes[..4].SequenceEqual(Magic)) return false;
        if (BinaryPrimitives.ReadUInt16LittleEndian(bytes[4..]) != Version) return false;
        int count = BinaryPrimitives.ReadUInt16LittleEndian(bytes[6..]);
        if (bytes.Length != SizeFor(count)) return false;
        int checksumAt = HeaderBytes + count * EntryBytes;
        if (BinaryPrimitives.ReadUInt32LittleEndian(bytes[checksumAt..]) != StateChecksum.Compute(bytes[..checksumAt]))
            return false;

        Span<double> parsed = stackalloc double[all.Length];
        Span<bool> seen = stackalloc bool[all.Length];
        for (int i = 0; i < all.Length; i++) parsed[i] = all[i].ValueWhenAbsentFromState;
        double? strengthPercent = null;
        for (int e = 0, at = HeaderBytes; e < count; e++, at += EntryBytes)
        {
            uint id = BinaryPrimitives.ReadUInt32LittleEndian(bytes[at..]);
            int index = Parameters.IndexOf(id);
            double value = BinaryPrimitives.ReadDoubleLittleEndian(bytes[(at + 4)..]);
            if (id == (uint)ParameterId.Strength)
            {
                if (strengthPercent is not null || !double.IsFinite(value) || value < 0 || value > 100) return false;
                strengthPercent = value;
                continue;
            }
            if (index < 0) continue;   // a later version's parameter
            if (seen[index]) return false;
            var p = all[index];
            if (!double.IsFinite(value) || value < p.Min || value > p.Max) return false;
            seen[index] = true;
            parsed[index] = p.Sanitize(value);
        }
        int limit = Parameters.IndexOf((uint)ParameterId.AttenuationLimit);
        if (strengthPercent is { } percent && !seen[limit]) parsed[limit] = all[limit].Sanitize(percent * 60 / 100);
        parsed.CopyTo(plainValues);
        return true;
    }
}
