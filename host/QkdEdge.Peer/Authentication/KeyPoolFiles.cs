using System.Buffers.Binary;

namespace QkdEdge.Peer.Authentication;

/// <summary>
/// A pool directory: <c>key.bin</c> (the secret, then any material added without an id, append-only),
/// <c>deposits.bin</c> (distilled key by block, see <see cref="KeyPoolDeposits"/>) and <c>state.bin</c> (positions,
/// counters and how many deposits are active, replaced atomically: write a temporary file, fsync, rename).
/// Version 1 state files (before deposits were activated) are read with every deposit active.
/// </summary>
internal sealed class KeyPoolFiles
{
    private const string KeyFile = "key.bin";
    private const string StateFile = "state.bin";
    private static ReadOnlySpan<byte> StateMagic => "QKAP"u8;
    private const int StateVersion = 2;
    private const int StateBytesVersion1 = 4 + 4 + 2 * 6 * 8;
    private const int StateBytes = StateBytesVersion1 + 8;

    private readonly string _directory;

    private KeyPoolFiles(string directory)
    {
        _directory = directory;
    }

    internal readonly record struct SavedDirection(long Position, long ReservedTo, long Spent, long Skipped, long Draws, long Rejected);

    public static KeyPoolFiles Create(string directory, ReadOnlySpan<byte> secret)
    {
        Directory.CreateDirectory(directory);
        string key = Path.Combine(directory, KeyFile);
        using (var file = new FileStream(key, FileMode.CreateNew, FileAccess.Write))
        {
            file.Write(secret);
            file.Flush(flushToDisk: true);
        }
        return new KeyPoolFiles(directory);
    }

    public static KeyPoolFiles Open(string directory, out byte[] material, out List<KeyPoolDeposits.Record> deposits,
        out SavedDirection[] state, out long activeDeposits)
    {
        material = File.ReadAllBytes(Path.Combine(directory, KeyFile));
        deposits = KeyPoolDeposits.Read(Path.Combine(directory, KeyPoolDeposits.FileName));
        byte[] bytes = File.ReadAllBytes(Path.Combine(directory, StateFile));
        int version = bytes.Length >= 8 ? BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4)) : 0;
        bool known = (version == 1 && bytes.Length == StateBytesVersion1) || (version == StateVersion && bytes.Length == StateBytes);
        if (!known || !bytes.AsSpan(0, 4).SequenceEqual(StateMagic))
            throw new InvalidDataException($"{Path.Combine(directory, StateFile)} is not a key pool state file this host writes.");
        activeDeposits = version == 1 ? deposits.Count : Math.Min(BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(StateBytesVersion1)), deposits.Count);
        state = new SavedDirection[2];
        for (int d = 0; d < 2; d++)
        {
            var s = bytes.AsSpan(8 + d * 48);
            state[d] = new SavedDirection(
                BinaryPrimitives.ReadInt64LittleEndian(s),
                BinaryPrimitives.ReadInt64LittleEndian(s[8..]),
                BinaryPrimitives.ReadInt64LittleEndian(s[16..]),
                BinaryPrimitives.ReadInt64LittleEndian(s[24..]),
                BinaryPrimitives.ReadInt64LittleEndian(s[32..]),
                BinaryPrimitives.ReadInt64LittleEndian(s[40..]));
        }
        return new KeyPoolFiles(directory);
    }

    public void AppendDeposit(string id, ReadOnlySpan<byte> key) => KeyPoolDeposits.Append(Path.Combine(_directory, KeyPoolDeposits.FileName), id, key);

    public void SaveState(SavedDirection[] directions, long activeDeposits)
    {
        var bytes = new byte[StateBytes];
        StateMagic.CopyTo(bytes);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), StateVersion);
        for (int d = 0; d < 2; d++)
        {
            var s = bytes.AsSpan(8 + d * 48);
            var v = directions[d];
            BinaryPrimitives.WriteInt64LittleEndian(s, v.Position);
            BinaryPrimitives.WriteInt64LittleEndian(s[8..], v.ReservedTo);
            BinaryPrimitives.WriteInt64LittleEndian(s[16..], v.Spent);
            BinaryPrimitives.WriteInt64LittleEndian(s[24..], v.Skipped);
            BinaryPrimitives.WriteInt64LittleEndian(s[32..], v.Draws);
            BinaryPrimitives.WriteInt64LittleEndian(s[40..], v.Rejected);
        }
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(StateBytesVersion1), activeDeposits);
        string target = Path.Combine(_directory, StateFile);
        string temporary = target + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        {
            file.Write(bytes);
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, target, overwrite: true);
    }
}
