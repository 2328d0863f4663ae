using System.Buffers;
using System.Text;
using QkdEdge.Archive.Encoding;

namespace QkdEdge.Archive.Format;

/// <summary>Event, block-cut and seal bodies (docs/archive-format.md, "Records").</summary>
internal static class RecordCodec
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public const int MaxEventTextBytes = 4096;

    public static void EncodeEvent(IBufferWriter<byte> body, ArchiveEvent e)
    {
        byte[] text = StrictUtf8.GetBytes(e.Text);
        if (text.Length > MaxEventTextBytes)
            throw new ArgumentException($"Event text longer than {MaxEventTextBytes} bytes.", nameof(e));
        var head = new byte[3 * VarInt.MaxLength + 1];
        int n = VarInt.Write(head, VarInt.ZigZag(e.Round));
        head[n++] = (byte)e.Kind;
        n += VarInt.Write(head.AsSpan(n), VarInt.ZigZag(e.Value));
        n += VarInt.Write(head.AsSpan(n), (ulong)text.Length);
        body.Write(head.AsSpan(0, n));
        body.Write(text);
    }

    public static ArchiveEvent DecodeEvent(ReadOnlySpan<byte> body)
    {
        int offset = 0;
        long round = VarInt.UnZigZag(VarInt.Read(body, ref offset));
        if (offset >= body.Length)
            throw new ArchiveFormatException("event ends before its kind");
        var kind = (ArchiveEventKind)body[offset++];
        if (kind is < ArchiveEventKind.BoardReset or > ArchiveEventKind.ArchiveResumed)
            throw new ArchiveFormatException($"unknown event kind {(byte)kind}");
        long value = VarInt.UnZigZag(VarInt.Read(body, ref offset));
        ulong length = VarInt.Read(body, ref offset);
        if (length > MaxEventTextBytes || (ulong)(body.Length - offset) != length)
            throw new ArchiveFormatException("event text length does not match its record");
        string text;
        try
        {
            text = StrictUtf8.GetString(body[offset..]);
        }
        catch (DecoderFallbackException)
        {
            throw new ArchiveFormatException("event text is not UTF-8");
        }
        return new ArchiveEvent(kind, round, value, text);
    }

    public static void EncodeBlockCut(IBufferWriter<byte> body, BlockDescriptor block)
    {
        Span<byte> bytes = stackalloc byte[6 * VarInt.MaxLength + 1];
        int n = VarInt.Write(bytes, (ulong)block.BlockId);
        n += VarInt.Write(bytes[n..], (ulong)block.Epoch);
        n += VarInt.Write(bytes[n..], VarInt.ZigZag(block.FirstRound));
        n += VarInt.Write(bytes[n..], VarInt.ZigZag(block.EndRound));
        n += VarInt.Write(bytes[n..], (ulong)block.RoundsPresent);
        n += VarInt.Write(bytes[n..], (ulong)block.EventCount);
        bytes[n++] = (byte)block.End;
        body.Write(bytes[..n]);
    }

    public static BlockDescriptor DecodeBlockCut(ReadOnlySpan<byte> body)
    {
        int offset = 0;
        ulong id = VarInt.Read(body, ref offset);
        ulong epoch = VarInt.Read(body, ref offset);
        long first = VarInt.UnZigZag(VarInt.Read(body, ref offset));
        long end = VarInt.UnZigZag(VarInt.Read(body, ref offset));
        ulong present = VarInt.Read(body, ref offset);
        ulong events = VarInt.Read(body, ref offset);
        if (offset != body.Length - 1)
            throw new ArchiveFormatException("block cut record has the wrong length");
        byte endByte = body[offset];
        if (endByte > (byte)BlockEnd.RunEnded)
            throw new ArchiveFormatException($"unknown block end {endByte}");
        if (id > long.MaxValue || epoch > long.MaxValue || present > long.MaxValue || events > long.MaxValue)
            throw new ArchiveFormatException("block cut field out of range");
        return new BlockDescriptor((long)id, (long)epoch, first, end, (long)present, (long)events, (BlockEnd)endByte);
    }

    public static void EncodeSeal(IBufferWriter<byte> body, long segments, long rounds, long events, long blocks)
    {
        Span<byte> bytes = stackalloc byte[4 * VarInt.MaxLength];
        int n = VarInt.Write(bytes, (ulong)segments);
        n += VarInt.Write(bytes[n..], (ulong)rounds);
        n += VarInt.Write(bytes[n..], (ulong)events);
        n += VarInt.Write(bytes[n..], (ulong)blocks);
        body.Write(bytes[..n]);
    }

    public static (ulong Segments, ulong Rounds, ulong Events, ulong Blocks) DecodeSeal(ReadOnlySpan<byte> body)
    {
        int offset = 0;
        var seal = (VarInt.Read(body, ref offset), VarInt.Read(body, ref offset), VarInt.Read(body, ref offset), VarInt.Read(body, ref offset));
        if (offset != body.Length)
            throw new ArchiveFormatException("seal has trailing bytes");
        return seal;
    }
}
