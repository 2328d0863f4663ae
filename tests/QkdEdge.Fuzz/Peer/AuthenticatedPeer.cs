using System.Buffers.Binary;
using QkdEdge.Peer.Authentication;
using QkdEdge.Peer.Framing;
using QkdEdge.Peer.Messages;
using QkdEdge.Peer.Session;

namespace QkdEdge.Fuzz.Peer;

/// <summary>
/// The other station as an insider: it holds the authentication key and builds correct envelopes
/// (sequence, key position, direction, tag) around payloads of its choosing, so whatever it sends
/// passes authentication and reaches the payload decoder and the block rules. It plays Alice.
/// </summary>
internal sealed class AuthenticatedPeer
{
    private readonly AuthenticationKeyPool _pool = PeerFixture.Pool();
    private readonly WegmanCarterAuthenticator _authenticator;
    private readonly byte[] _context = new byte[2 * HelloMessage.NonceBytes];
    private ulong _sequence;

    public AuthenticatedPeer()
    {
        _authenticator = new WegmanCarterAuthenticator(_pool, PeerFixture.Options(PeerRole.Alice, _pool).TagPoints);
    }

    /// <summary>From now on tags cover both nonces, as after a completed hello exchange.</summary>
    public void BindSession(ReadOnlySpan<byte> dialNonce, ReadOnlySpan<byte> answerNonce)
    {
        dialNonce.CopyTo(_context);
        answerNonce.CopyTo(_context.AsSpan(HelloMessage.NonceBytes));
    }

    /// <summary>One frame on the wire: length prefix, header, payload, tag.</summary>
    public byte[] Frame(byte type, ReadOnlySpan<byte> payload)
    {
        Span<ulong> pads = stackalloc ulong[_authenticator.Points];
        long keyPosition = _pool.DrawForSending(PeerDirection.AliceToBob, pads);
        var header = new PeerFrameHeader(PeerSession.FrameVersion, (PeerMessageType)type, PeerDirection.AliceToBob,
            payload.Length, _sequence++, keyPosition, _authenticator.Points);
        var frame = new byte[PeerFrameHeader.LengthPrefixSize + header.FrameLength];
        BinaryPrimitives.WriteInt32LittleEndian(frame, header.FrameLength);
        var headerBytes = frame.AsSpan(PeerFrameHeader.LengthPrefixSize, PeerFrameHeader.Size);
        header.Write(headerBytes);
        payload.CopyTo(frame.AsSpan(PeerFrameHeader.LengthPrefixSize + PeerFrameHeader.Size));
        _authenticator.ComputeTag(pads, _context, headerBytes, payload, frame.AsSpan(frame.Length - _authenticator.TagBytes));
        return frame;
    }

    /// <summary>The nonce in a hello frame read off the wire (length prefix included).</summary>
    public static byte[] NonceOf(byte[] helloFrame) =>
        helloFrame.AsSpan(PeerFrameHeader.LengthPrefixSize + PeerFrameHeader.Size + HelloLayout.NonceOffset, HelloMessage.NonceBytes).ToArray();

    /// <summary>Byte offsets in a hello payload (docs/peer-protocol.md, "Messages").</summary>
    public static class HelloLayout
    {
        public const int NonceOffset = 2 + 2 + 1 + 2 + 8;
        public const int EchoOffset = NonceOffset + HelloMessage.NonceBytes;
        public const int FixedLength = EchoOffset + HelloMessage.NonceBytes;
    }
}
