using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace QkdEdge.Peer.Authentication;

/// <summary>
/// <c>deposits.bin</c> of a pool directory: distilled key set aside for authentication, one record per block, in
/// the order the blocks were committed. A record is <c>"QKDP"</c>, the block id (u16 length + UTF-8), the key
/// (u32 length + bytes) and a CRC-32 of the record; each is appended and fsynced on its own, so a crash can
/// only tear the last record, which <see cref="Read"/> drops (the station deposits that block again, since its
/// key store still marks it pending). Written by hand: a flat append-only log is all that is needed.
/// </summary>
internal static class KeyPoolDeposits
{
    public const string FileName = "deposits.bin";

    private const int MaxIdBytes = 256;

    private static ReadOnlySpan<byte> Magic => "QKDP"u8;

    public readonly record struct Record(string Id, byte[] Key);

    /// <summary>The intact records of <paramref name="path"/>; truncates a torn tail so appends continue cleanly.</summary>
    public static List<Record> Read(string path)
    {
        var records = new List<Record>();
        if (!File.Exists(path))
            return records;
        byte[] bytes = File.ReadAllBytes(path);
        int offset = 0;
        while (TryParse(bytes.AsSpan(offset), out var record, out int length))
        {
            records.Add(record);
            offset += length;
        }

        if (offset != bytes.Length)
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
            file.SetLength(offset);
            file.Flush(flushToDisk: true);
        }
        return records;
    }

    public static void Append(string path, string id, ReadOnlySpan<byte> key)
    {
        byte[] record = Encode(id, key);
        using var file = new FileStream(path, FileMode.Append, FileAccess.Write);
        file.Write(record);
        file.Flush(flushToDisk: true);
    }

    public static byte[] Encode(string id, ReadOnlySpan<byte> key)
    {
        byte[] idBytes = Encoding.UTF8.GetBytes(id);
        if (idBytes.Length is 0 or > MaxIdBytes)
            throw new ArgumentException($"A deposit id must be 1 to {MaxIdBytes} bytes of UTF-8, got {idBytes.Length}.", nameof(id));
        var record = new byte[4 + 2 + idBytes.Length + 4 + key.Length + 4];
        var span = record.AsSpan();
        Magic.CopyTo(span);
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], (ushort)idBytes.Length);
        idBytes.CopyTo(span[6..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[(6 + idBytes.Length)..], key.Length);
        key.CopyTo(span[(10 + idBytes.Length)..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[^4..], Crc32.HashToUInt32(span[..^4]));
        return record;
    }

    private static bool TryParse(ReadOnlySpan<byte> bytes, out Record record, out int length)
    {
        record = default;
        length = 0;
        if (bytes.Length < 10 || !bytes[..4].SequenceEqual(Magic))
            return false;
        int idLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes[4..]);
        if (idLength is 0 or > MaxIdBytes || bytes.Length < 6 + idLength + 4)
            return false;
        int keyLength = BinaryPrimitives.ReadInt32LittleEndian(bytes[(6 + idLength)..]);
        if (keyLength < 0 || bytes.Length - (10 + idLength + 4) < keyLength)
            return false;
        length = 10 + idLength + keyLength + 4;
        if (BinaryPrimitives.ReadUInt32LittleEndian(bytes[(length - 4)..]) != Crc32.HashToUInt32(bytes[..(length - 4)]))
            return false;
        record = new Record(Encoding.UTF8.GetString(bytes.Slice(6, idLength)), bytes.Slice(10 + idLength, keyLength).ToArray());
        return true;
    }
}
