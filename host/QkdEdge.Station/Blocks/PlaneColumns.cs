using QkdEdge.Distillation.Bits;

namespace QkdEdge.Station.Blocks;

/// <summary>
/// A per-round byte column (settings, click patterns) collected as bit-planes while batches arrive: plane k holds
/// bit k of every round's byte. Batches append at any bit position; a cut hands out a prefix. A 3-setting column
/// costs a quarter of a byte per round and a click column the same, against a byte each as bytes.
/// </summary>
internal sealed class PlaneColumns
{
    private ulong[][] _planes;

    public PlaneColumns(int planeCount, int capacityRounds)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(planeCount);
        _planes = Allocate(planeCount, capacityRounds);
    }

    public int Count { get; private set; }

    /// <summary>Appends bit k of each byte of <paramref name="bytes"/> to plane k.</summary>
    public void Append(ReadOnlySpan<byte> bytes)
    {
        EnsureCapacity(Count + bytes.Length);
        for (int done = 0; done < bytes.Length; done += 64)
        {
            var group = bytes.Slice(done, Math.Min(64, bytes.Length - done));
            for (int k = 0; k < _planes.Length; k++)
                PackedBits.WriteBits(_planes[k], Count + done, ByteColumns.Word(group, k), group.Length);
        }

        Count += bytes.Length;
    }

    /// <summary>
    /// Hands out rounds [<paramref name="start"/>, <paramref name="end"/>) as planes of their own and keeps the rounds
    /// from <paramref name="end"/> on (earlier ones are dropped). When the cut starts at the first round held, the
    /// held planes themselves are handed out (no copy of the block) and only the rest is copied.
    /// </summary>
    public ulong[][] Cut(int start, int end)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start, end);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(end, Count);
        int capacity = _planes[0].Length * 64;
        var rest = Allocate(_planes.Length, capacity);
        int kept = Count - end;
        ulong[][] cut;
        if (start == 0)
        {
            cut = _planes;
        }
        else
        {
            cut = Allocate(_planes.Length, end - start);
            for (int k = 0; k < _planes.Length; k++)
                PackedBits.Copy(_planes[k], start, cut[k], 0, end - start);
        }

        for (int k = 0; k < _planes.Length; k++)
        {
            PackedBits.Copy(_planes[k], end, rest[k], 0, kept);
            if (start == 0)
                PackedBits.ClearTail(cut[k], end); // the planes handed out hold nothing past the block
        }

        _planes = rest;
        Count = kept;
        return cut;
    }

    private void EnsureCapacity(int rounds)
    {
        if (rounds <= _planes[0].Length * 64)
            return;
        int words = (int)Math.Min(Array.MaxLength, Math.Max(PackedBits.WordCount(rounds), 2L * _planes[0].Length));
        for (int k = 0; k < _planes.Length; k++)
            Array.Resize(ref _planes[k], words);
    }

    private static ulong[][] Allocate(int planeCount, int rounds)
    {
        var planes = new ulong[planeCount][];
        for (int k = 0; k < planeCount; k++)
            planes[k] = new ulong[Math.Max(1, PackedBits.WordCount(rounds))];
        return planes;
    }
}
