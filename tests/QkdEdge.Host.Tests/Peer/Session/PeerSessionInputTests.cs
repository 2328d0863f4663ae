using System.Buffers.Binary;
using QkdEdge.Peer.Authentication;
using QkdEdge.Peer.Framing;
using QkdEdge.Peer.Messages;
using QkdEdge.Peer.Session;
using QkdEdge.Peer.Transport;

namespace QkdEdge.Host.Tests.Peer.Session;

/// <summary>What a session does with frames whose header declares more than their type may carry.</summary>
public sealed class PeerSessionInputTests
{
    [Fact]
    public async Task AcceptAsync_WhenAnUnauthenticatedPeerAnnouncesAFourMebibyteHello_BreaksWithFrameTooLargeAtTheHeader()
    {
        var pool = AuthenticationKeyPool.InMemory(PeerTestKit.Secret(11, 8192));
        var (attacker, host) = InMemoryTransport.CreatePair();
        int payload = (4 << 20) - PeerFrameHeader.Size - 16;
        var frameStart = new byte[PeerFrameHeader.LengthPrefixSize + PeerFrameHeader.Size];
        BinaryPrimitives.WriteInt32LittleEndian(frameStart, PeerFrameHeader.Size + payload + 16);
        new PeerFrameHeader(PeerSession.FrameVersion, PeerMessageType.Hello, PeerDirection.AliceToBob, payload, 0, 0, 2)
            .Write(frameStart.AsSpan(PeerFrameHeader.LengthPrefixSize));
        await attacker.WriteAsync(frameStart);

        var broken = await Assert.ThrowsAsync<PeerSessionBrokenException>(() => PeerSession.AcceptAsync(host, PeerTestKit.Options(PeerRole.Bob, pool)));

        Assert.Equal(PeerBreakReason.FrameTooLarge, broken.Reason);
        Assert.Contains($"Hello frame declares a payload of {payload} bytes", broken.Detail);
        await attacker.DisposeAsync();
    }

    [Fact]
    public async Task SendAsync_WhenAByeDetailExceedsTheControlPayloadCap_ThrowsWithoutSpendingKey()
    {
        var (alice, bob, alicePool, _) = await PeerTestKit.InMemoryPairAsync(seed: 12);
        long before = alicePool.Position(PeerDirection.AliceToBob);

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => alice.SendAsync(new ByeMessage(1, new string('x', PeerFrameLimits.MaxControlPayloadBytes))));

        Assert.Contains("Bye payload", refused.Message);
        Assert.Equal(before, alicePool.Position(PeerDirection.AliceToBob));
        await alice.DisposeAsync();
        await bob.DisposeAsync();
    }
}
