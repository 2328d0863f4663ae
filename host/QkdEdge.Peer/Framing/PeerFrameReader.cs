using System.Buffers.Binary;
using QkdEdge.Peer.Messages;
using QkdEdge.Peer.Session;

namespace QkdEdge.Peer.Framing;

/// <summary>
/// Reads frames off the transport without trusting what they declare. The length prefix and the header come
/// first, and everything the header can be checked for without the key is checked before a byte of the
/// payload is read: size cap, structure, version, tag size, a message type that exists, the hello first, and
/// the payload length against its type's cap (<see cref="PeerFrameLimits"/>). The rest is then read in
/// growing steps, so the buffer tracks the bytes that actually arrived: a peer that announces megabytes and
/// sends a few makes this host allocate a few, not what it announced.
/// </summary>
internal sealed class PeerFrameReader
{
    /// <summary>The first step of a frame's buffer; each further step doubles it, up to the declared length.</summary>
    internal const int FirstStepBytes = 64 * 1024;

    private readonly Stream _transport;
    private readonly int _maxFrameBytes;
    private readonly int _tagPoints;
    private readonly byte[] _prefixAndHeader = new byte[PeerFrameHeader.LengthPrefixSize + PeerFrameHeader.Size];

    public PeerFrameReader(Stream transport, int maxFrameBytes, int tagPoints)
    {
        _transport = transport;
        _maxFrameBytes = maxFrameBytes;
        _tagPoints = tagPoints;
    }

    private int TagBytes => 8 * _tagPoints;

    /// <summary>
    /// The next frame, or why the session must break. <paramref name="expectHello"/>: the handshake is still
    /// running, so only a hello may come. Transport failures and cancellation propagate as exceptions.
    /// </summary>
    public async Task<PeerFrameRead> ReadAsync(bool expectHello, CancellationToken cancellationToken)
    {
        var prefix = _prefixAndHeader.AsMemory(0, PeerFrameHeader.LengthPrefixSize);
        if (await FillAsync(prefix, cancellationToken).ConfigureAwait(false) < prefix.Length)
            return PeerFrameRead.Refused(PeerBreakReason.ConnectionLost, "the connection closed without a bye");
        int length = BinaryPrimitives.ReadInt32LittleEndian(prefix.Span);
        if (length < 0 || length > _maxFrameBytes)
            return PeerFrameRead.Refused(PeerBreakReason.FrameTooLarge, $"frame length {(uint)length} exceeds the {_maxFrameBytes}-byte cap");
        if (length < PeerFrameHeader.Size + TagBytes)
            return PeerFrameRead.Refused(PeerBreakReason.Malformed, $"frame length {length} is below the minimum of {PeerFrameHeader.Size + TagBytes}");

        var headerBytes = _prefixAndHeader.AsMemory(PeerFrameHeader.LengthPrefixSize, PeerFrameHeader.Size);
        if (await FillAsync(headerBytes, cancellationToken).ConfigureAwait(false) < headerBytes.Length)
            return PeerFrameRead.Refused(PeerBreakReason.ConnectionLost, "the connection closed inside a frame header (truncated)");
        if (CheckHeader(headerBytes.Span, length, expectHello) is PeerFrameRead refused)
            return refused;

        var body = new byte[Math.Min(length, PeerFrameHeader.Size + FirstStepBytes)];
        headerBytes.CopyTo(body);
        int filled = PeerFrameHeader.Size;
        while (filled < length)
        {
            if (filled == body.Length)
                Array.Resize(ref body, (int)Math.Min(length, 2L * body.Length));
            int read = await FillAsync(body.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            filled += read;
            if (filled < body.Length)
                return PeerFrameRead.Refused(PeerBreakReason.ConnectionLost, $"the connection closed inside a frame (truncated after {filled} of {length} bytes)");
        }

        return PeerFrameRead.Frame(body);
    }

    /// <summary>The checks that need no key and no payload; null when the header passes them.</summary>
    private PeerFrameRead? CheckHeader(ReadOnlySpan<byte> headerBytes, int length, bool expectHello)
    {
        string? problem = PeerFrameHeader.TryRead(headerBytes, out var header);
        if (problem is not null)
            return PeerFrameRead.Refused(PeerBreakReason.Malformed, problem);
        if (header.Version != PeerSession.FrameVersion)
            return PeerFrameRead.Refused(PeerBreakReason.VersionMismatch, $"frame version {header.Version}, this host reads {PeerSession.FrameVersion}");
        if (header.TagPoints != _tagPoints || (long)PeerFrameHeader.Size + header.PayloadLength + TagBytes != length)
            return PeerFrameRead.Refused(PeerBreakReason.Malformed,
                $"frame length {length}, payload length {header.PayloadLength} and {header.TagPoints} tag points disagree");
        if (PeerFrameLimits.MaxPayloadBytes(header.Type, _maxFrameBytes, TagBytes) is not long cap)
            return PeerFrameRead.Refused(PeerBreakReason.Malformed, $"message type 0x{(byte)header.Type:X2} is not a peer message");
        if (expectHello && header.Type != PeerMessageType.Hello)
            return PeerFrameRead.Refused(PeerBreakReason.UnexpectedMessage, $"{header.Type} before the hello");
        if (header.PayloadLength > cap)
            return PeerFrameRead.Refused(PeerBreakReason.FrameTooLarge, $"a {header.Type} frame declares a payload of {header.PayloadLength} bytes; that type carries at most {cap}");
        return null;
    }

    /// <summary>Reads until <paramref name="buffer"/> is full or the stream ends; returns the bytes read.</summary>
    private ValueTask<int> FillAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        _transport.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
}
