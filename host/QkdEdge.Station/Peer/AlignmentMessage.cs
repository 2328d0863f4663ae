using System.Buffers.Binary;
using QkdEdge.Alignment;

namespace QkdEdge.Station.Peer;

/// <summary>
/// Alice's alignment of a block, sent to Bob so that both stations build the block from the same pairs:
/// the paired ranges, and the clock figures for Bob's status view. Little-endian, fixed-size fields.
/// </summary>
internal sealed record AlignmentMessage(IReadOnlyList<AlignedRange> Ranges, double OffsetTicks, double DriftPpm, double ResidualSigmaTicks, double ToleranceTicks)
{
    private const byte Version = 1;
    private const int RangeBytes = 3 * sizeof(long);
    private const int HeaderBytes = 1 + sizeof(int) + 4 * sizeof(double);

    public const ushort Kind = 0x0102;

    public static AlignmentMessage From(AlignmentResult result) => new(
        result.Ranges,
        result.Clock?.OffsetTicks ?? double.NaN,
        result.Clock?.RateDifferencePpm ?? double.NaN,
        result.Clock?.ResidualSigmaTicks ?? double.NaN,
        result.ToleranceTicks);

    public long PairedRounds => Ranges.Sum(r => r.Count);

    public byte[] Encode()
    {
        var bytes = new byte[HeaderBytes + (Ranges.Count * RangeBytes)];
        var span = bytes.AsSpan();
        span[0] = Version;                                                          // 1 version
        BinaryPrimitives.WriteInt32LittleEndian(span[1..], Ranges.Count);           // 4 range count
        BinaryPrimitives.WriteDoubleLittleEndian(span[5..], OffsetTicks);           // 8 clock offset, ticks
        BinaryPrimitives.WriteDoubleLittleEndian(span[13..], DriftPpm);             // 8 rate difference, ppm
        BinaryPrimitives.WriteDoubleLittleEndian(span[21..], ResidualSigmaTicks);   // 8 residual sigma, ticks
        BinaryPrimitives.WriteDoubleLittleEndian(span[29..], ToleranceTicks);       // 8 pairing tolerance, ticks
        int offset = HeaderBytes;
        foreach (var range in Ranges)
        {
            BinaryPrimitives.WriteInt64LittleEndian(span[offset..], range.BobFirst);
            BinaryPrimitives.WriteInt64LittleEndian(span[(offset + 8)..], range.AliceFirst);
            BinaryPrimitives.WriteInt64LittleEndian(span[(offset + 16)..], range.Count);
            offset += RangeBytes;
        }

        return bytes;
    }

    public static AlignmentMessage Decode(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < HeaderBytes || payload[0] != Version)
            throw new FormatException(payload.Length < HeaderBytes ? $"The alignment message holds {payload.Length} bytes, fewer than its {HeaderBytes}-byte header." : $"Alignment message version {payload[0]}; this host reads version {Version}.");
        int count = BinaryPrimitives.ReadInt32LittleEndian(payload[1..]);
        if (count < 0 || payload.Length != HeaderBytes + ((long)count * RangeBytes))
            throw new FormatException($"The alignment message holds {payload.Length} bytes, which does not match its count of {count} ranges.");
        var ranges = new AlignedRange[count];
        int offset = HeaderBytes;
        long paired = 0;
        for (int i = 0; i < count; i++)
        {
            var range = new AlignedRange(
                BinaryPrimitives.ReadInt64LittleEndian(payload[offset..]),
                BinaryPrimitives.ReadInt64LittleEndian(payload[(offset + 8)..]),
                BinaryPrimitives.ReadInt64LittleEndian(payload[(offset + 16)..]));
            if (range.Count <= 0 || range.BobFirst < 0 || range.AliceFirst < 0)
                throw new FormatException($"Alignment range {i} (Bob {range.BobFirst}, Alice {range.AliceFirst}, {range.Count} rounds) is empty or negative.");

            // Round indices and the paired total must stay inside 64 bits, or every later sum over the ranges overflows.
            if (range.Count > long.MaxValue - Math.Max(range.BobFirst, range.AliceFirst) || range.Count > long.MaxValue - paired)
                throw new FormatException($"Alignment range {i} (Bob {range.BobFirst}, Alice {range.AliceFirst}, {range.Count} rounds) runs past the largest round index.");
            paired += range.Count;
            ranges[i] = range;
            offset += RangeBytes;
        }

        return new AlignmentMessage(ranges,
            BinaryPrimitives.ReadDoubleLittleEndian(payload[5..]),
            BinaryPrimitives.ReadDoubleLittleEndian(payload[13..]),
            BinaryPrimitives.ReadDoubleLittleEndian(payload[21..]),
            BinaryPrimitives.ReadDoubleLittleEndian(payload[29..]));
    }
}
