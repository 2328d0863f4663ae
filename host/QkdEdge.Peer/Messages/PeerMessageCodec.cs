using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using QkdEdge.Peer.Session;

namespace QkdEdge.Peer.Messages;

/// <summary>Payload layouts of the message types (little-endian; docs/peer-protocol.md, "Messages").</summary>
internal static class PeerMessageCodec
{
    /// <summary>Hello's fixed part: versions (4), role (1), station id (2), next block id (8), two nonces (32).</summary>
    private const int HelloFixedBytes = 47;

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    public static void Encode(PeerMessage message, ArrayBufferWriter<byte> payload)
    {
        switch (message)
        {
            case HelloMessage m:
                if (m.Nonce.Length != HelloMessage.NonceBytes || m.EchoedNonce.Length != HelloMessage.NonceBytes)
                    throw new ArgumentException("Hello nonces are 16 bytes.", nameof(message));
                WriteUInt16(payload, m.MinVersion);     // 2 lowest version spoken
                WriteUInt16(payload, m.MaxVersion);     // 2 highest version spoken
                payload.Write([(byte)m.Role]);          // 1 role
                WriteUInt16(payload, m.StationId);      // 2 station id
                WriteInt64(payload, m.NextBlockId);     // 8 next block id
                payload.Write(m.Nonce.Span);            // 16 own nonce
                payload.Write(m.EchoedNonce.Span);      // 16 echoed nonce (zero from the initiator)
                payload.Write(m.Parameters.Span);       // rest: engine parameters
                break;
            case BlockOpenMessage m:
                WriteInt64(payload, m.BlockId);
                WriteInt64(payload, m.FirstRound);
                WriteInt64(payload, m.EndRound);
                payload.Write(m.Parameters.Span);
                break;
            case DataMessage m:
                WriteInt64(payload, m.BlockId);
                WriteUInt16(payload, m.Kind);
                payload.Write(m.Payload.Span);
                break;
            case BlockCommitMessage m:
                WriteInt64(payload, m.BlockId);
                payload.Write(m.Confirmation.Span);
                break;
            case BlockAbortMessage m:
                WriteInt64(payload, m.BlockId);
                WriteUInt16(payload, m.ReasonCode);
                payload.Write(StrictUtf8.GetBytes(m.Detail));
                break;
            case ByeMessage m:
                WriteUInt16(payload, m.ReasonCode);
                payload.Write(StrictUtf8.GetBytes(m.Detail));
                break;
            default:
                throw new ArgumentException($"Unknown message {message.GetType().Name}.", nameof(message));
        }
    }

    /// <summary>Decodes an authenticated payload; null when it does not have the type's layout.</summary>
    public static PeerMessage? TryDecode(PeerMessageType type, ReadOnlyMemory<byte> payload) => TryDecode(type, payload, out _);

    /// <summary>
    /// Decodes an authenticated payload; null when it does not have the type's layout, with
    /// <paramref name="problem"/> naming the field and the value that broke it.
    /// </summary>
    public static PeerMessage? TryDecode(PeerMessageType type, ReadOnlyMemory<byte> payload, out string? problem)
    {
        var s = payload.Span;
        problem = null;
        int fixedBytes = type switch
        {
            PeerMessageType.Hello => HelloFixedBytes,
            PeerMessageType.BlockOpen => 24,
            PeerMessageType.Data or PeerMessageType.BlockAbort => 10,
            PeerMessageType.BlockCommit => 8,
            PeerMessageType.Bye => 2,
            _ => -1,
        };
        if (fixedBytes < 0)
        {
            problem = $"message type 0x{(byte)type:X2} is not a peer message";
            return null;
        }

        if (s.Length < fixedBytes)
        {
            problem = $"a {type} payload of {s.Length} bytes is shorter than the type's {fixedBytes} fixed bytes";
            return null;
        }

        switch (type)
        {
            case PeerMessageType.Hello:
                byte role = s[4];
                if (role is not ((byte)PeerRole.Alice or (byte)PeerRole.Bob))
                {
                    problem = $"hello role {role} is neither Alice ({(byte)PeerRole.Alice}) nor Bob ({(byte)PeerRole.Bob})";
                    return null;
                }

                return new HelloMessage(
                    BinaryPrimitives.ReadUInt16LittleEndian(s), BinaryPrimitives.ReadUInt16LittleEndian(s[2..]), (PeerRole)role,
                    BinaryPrimitives.ReadUInt16LittleEndian(s[5..]), BinaryPrimitives.ReadInt64LittleEndian(s[7..]),
                    payload.Slice(15, 16).ToArray(), payload.Slice(31, 16).ToArray(), payload[47..].ToArray());
            case PeerMessageType.BlockOpen:
                return new BlockOpenMessage(
                    BinaryPrimitives.ReadInt64LittleEndian(s), BinaryPrimitives.ReadInt64LittleEndian(s[8..]),
                    BinaryPrimitives.ReadInt64LittleEndian(s[16..]), payload[24..].ToArray());
            case PeerMessageType.Data:
                return new DataMessage(BinaryPrimitives.ReadInt64LittleEndian(s), BinaryPrimitives.ReadUInt16LittleEndian(s[8..]), payload[10..].ToArray());
            case PeerMessageType.BlockCommit:
                return new BlockCommitMessage(BinaryPrimitives.ReadInt64LittleEndian(s), payload[8..].ToArray());
            case PeerMessageType.BlockAbort:
                return Text(s[10..], 10, "block abort detail", out string? abortDetail, out problem)
                    ? new BlockAbortMessage(BinaryPrimitives.ReadInt64LittleEndian(s), BinaryPrimitives.ReadUInt16LittleEndian(s[8..]), abortDetail!)
                    : null;
            default:
                return Text(s[2..], 2, "bye detail", out string? byeDetail, out problem)
                    ? new ByeMessage(BinaryPrimitives.ReadUInt16LittleEndian(s), byeDetail!)
                    : null;
        }
    }

    private static bool Text(ReadOnlySpan<byte> bytes, int offset, string field, out string? text, out string? problem)
    {
        try
        {
            text = StrictUtf8.GetString(bytes);
            problem = null;
            return true;
        }
        catch (DecoderFallbackException ex)
        {
            text = null;
            string bad = ex.BytesUnknown is { Length: > 0 } unknown ? $" 0x{Convert.ToHexString(unknown)}" : "";
            problem = $"the {field} is not valid UTF-8 (bad byte{bad} at payload offset {offset + Math.Max(0, ex.Index)})";
            return false;
        }
    }

    private static void WriteUInt16(ArrayBufferWriter<byte> w, ushort v)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(w.GetSpan(2), v);
        w.Advance(2);
    }

    private static void WriteInt64(ArrayBufferWriter<byte> w, long v)
    {
        BinaryPrimitives.WriteInt64LittleEndian(w.GetSpan(8), v);
        w.Advance(8);
    }
}
