using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using QkdEdge.Peer.Session;

namespace QkdEdge.Peer.Messages;

/// <summary>Payload layouts of the message types (little-endian; docs/peer-protocol.md, "Messages").</summary>
internal static class PeerMessageCodec
{
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
    public static PeerMessage? TryDecode(PeerMessageType type, ReadOnlyMemory<byte> payload)
    {
        var s = payload.Span;
        try
        {
            switch (type)
            {
                case PeerMessageType.Hello:
                    if (s.Length < 47)
                        return null;
                    byte role = s[4];
                    if (role is not ((byte)PeerRole.Alice or (byte)PeerRole.Bob))
                        return null;
                    return new HelloMessage(
                        BinaryPrimitives.ReadUInt16LittleEndian(s), BinaryPrimitives.ReadUInt16LittleEndian(s[2..]), (PeerRole)role,
                        BinaryPrimitives.ReadUInt16LittleEndian(s[5..]), BinaryPrimitives.ReadInt64LittleEndian(s[7..]),
                        payload.Slice(15, 16).ToArray(), payload.Slice(31, 16).ToArray(), payload[47..].ToArray());
                case PeerMessageType.BlockOpen:
                    return s.Length < 24 ? null : new BlockOpenMessage(
                        BinaryPrimitives.ReadInt64LittleEndian(s), BinaryPrimitives.ReadInt64LittleEndian(s[8..]),
                        BinaryPrimitives.ReadInt64LittleEndian(s[16..]), payload[24..].ToArray());
                case PeerMessageType.Data:
                    return s.Length < 10 ? null : new DataMessage(
                        BinaryPrimitives.ReadInt64LittleEndian(s), BinaryPrimitives.ReadUInt16LittleEndian(s[8..]), payload[10..].ToArray());
                case PeerMessageType.BlockCommit:
                    return s.Length < 8 ? null : new BlockCommitMessage(BinaryPrimitives.ReadInt64LittleEndian(s), payload[8..].ToArray());
                case PeerMessageType.BlockAbort:
                    return s.Length < 10 ? null : new BlockAbortMessage(
                        BinaryPrimitives.ReadInt64LittleEndian(s), BinaryPrimitives.ReadUInt16LittleEndian(s[8..]), StrictUtf8.GetString(s[10..]));
                case PeerMessageType.Bye:
                    return s.Length < 2 ? null : new ByeMessage(BinaryPrimitives.ReadUInt16LittleEndian(s), StrictUtf8.GetString(s[2..]));
                default:
                    return null;
            }
        }
        catch (DecoderFallbackException)
        {
            return null;
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
