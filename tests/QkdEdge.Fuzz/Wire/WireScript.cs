using System.Buffers;
using System.IO.Hashing;
using QkdEdge.Wire.Framing;

namespace QkdEdge.Fuzz.Wire;

/// <summary>
/// The input format of the wire targets: a mode byte, then records that build a board byte stream.
/// A record is a control byte, a length (u16, low 11 bits: up to 2047, past the largest frame) and
/// that many body bytes. Control bit 0 appends the CRC-32 of the body, bit 1 COBS-encodes the result
/// and ends it with a delimiter; a record without bit 1 goes onto the stream raw (zeros included).
/// Without the CRC fix-up a mutated frame almost never passes the CRC and the payload decoders behind
/// it would go unexplored; raw records still reach every framing fault.
/// </summary>
public static class WireScript
{
    public const byte AppendCrc = 1;
    public const byte Encode = 2;
    public const byte ValidFrame = AppendCrc | Encode;
    private const int LengthMask = 0x7FF;

    /// <summary>Mode bit 0: the receiving end is the board (commands) rather than the host.</summary>
    public static LinkEnd EndOf(byte mode) => (mode & 1) != 0 ? LinkEnd.Board : LinkEnd.Host;

    /// <summary>Mode bits 1-7: the largest chunk a read hands over (0: everything at once).</summary>
    public static int ChunkOf(byte mode, int streamLength) => mode >> 1 == 0 ? Math.Max(1, streamLength) : mode >> 1;

    /// <summary>Builds the byte stream from the records after the mode byte.</summary>
    public static byte[] ToStream(ReadOnlySpan<byte> records)
    {
        var reader = new InputReader(records);
        var stream = new ArrayBufferWriter<byte>(Math.Max(16, records.Length * 2));
        Span<byte> frame = stackalloc byte[LengthMask + 1 + WireLimits.CrcBytes];
        while (!reader.AtEnd)
        {
            byte control = reader.U8();
            int length = reader.U16() & LengthMask;
            var body = reader.Take(length);
            body.CopyTo(frame);
            int frameLength = body.Length;
            if ((control & AppendCrc) != 0)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(frame[frameLength..], Crc32.HashToUInt32(body));
                frameLength += WireLimits.CrcBytes;
            }

            if ((control & Encode) == 0)
            {
                stream.Write(frame[..frameLength]);
                continue;
            }

            byte[] source = frame[..frameLength].ToArray();
            byte[] encoded = new byte[Cobs.MaxEncodedLength(frameLength) + 1];
            int encodedLength = Cobs.Encode(source, 0, frameLength, encoded, 0);
            encoded[encodedLength] = WireLimits.Delimiter;
            stream.Write(encoded.AsSpan(0, encodedLength + 1));
        }

        return stream.WrittenSpan.ToArray();
    }

    /// <summary>A record holding one frame's header and payload, to be CRC'd and encoded by <see cref="ToStream"/>.</summary>
    public static void AppendRecord(List<byte> script, byte control, ReadOnlySpan<byte> body)
    {
        if (body.Length > LengthMask)
            throw new ArgumentException($"A record body holds at most {LengthMask} bytes.", nameof(body));
        script.Add(control);
        script.Add((byte)body.Length);
        script.Add((byte)(body.Length >> 8));
        script.AddRange(body.ToArray());
    }
}
