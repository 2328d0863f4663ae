using QkdEdge.Peer.Authentication;
using QkdEdge.Peer.Messages;
using QkdEdge.Peer.Session;
using QkdEdge.Peer.Transport;

namespace QkdEdge.Host.Tests.Peer.Session;

public sealed class PeerSessionTests
{
    [Fact]
    public async Task SendAsync_WhenBothSidesRunABlockToCommit_DeliversEverythingAndMarksItCommittedOnBothSides()
    {
        var (alice, bob, _, _) = await PeerTestKit.InMemoryPairAsync(seed: 1);
        await using (alice)
        await using (bob)
        {
            Assert.Equal(PeerRole.Bob, alice.Peer.Role);
            Assert.Equal(PeerRole.Alice, bob.Peer.Role);

            await alice.SendAsync(new BlockOpenMessage(7, 0, 1000, new byte[] { 42 }));
            var open = Assert.IsType<BlockOpenMessage>(await bob.ReceiveAsync());
            await bob.SendAsync(open with { Parameters = Array.Empty<byte>() });
            await alice.ReceiveAsync();
            await alice.SendAsync(new DataMessage(7, 3, new byte[] { 1, 2, 3 }));
            var data = Assert.IsType<DataMessage>(await bob.ReceiveAsync());
            Assert.Equal(new byte[] { 1, 2, 3 }, data.Payload.ToArray());
            await alice.SendAsync(new BlockCommitMessage(7, new byte[] { 5 }));
            await bob.ReceiveAsync();
            Assert.Equal(PeerBlockState.Open, bob.GetBlockState(7));
            await bob.SendAsync(new BlockCommitMessage(7, new byte[] { 5 }));
            await alice.ReceiveAsync();

            Assert.Equal(PeerBlockState.Committed, alice.GetBlockState(7));
            Assert.Equal(PeerBlockState.Committed, bob.GetBlockState(7));
        }
    }

    [Fact]
    public async Task ReceiveAsync_WhenThePeerDisposes_ReturnsByeAndAbortsOpenBlocks()
    {
        var (alice, bob, _, _) = await PeerTestKit.InMemoryPairAsync(seed: 2);
        await alice.SendAsync(new BlockOpenMessage(1, 0, 10, Array.Empty<byte>()));
        await bob.ReceiveAsync();

        await alice.DisposeAsync();

        Assert.IsType<ByeMessage>(await bob.ReceiveAsync());
        Assert.Equal(PeerBlockState.Aborted, bob.GetBlockState(1));
        Assert.False(bob.IsBroken);
        await bob.DisposeAsync();
    }

    [Fact]
    public async Task SendAsync_WhenDataIsForABlockThatIsNotOpen_ThrowsWithoutSpendingKey()
    {
        var (alice, bob, alicePool, _) = await PeerTestKit.InMemoryPairAsync(seed: 3);
        long before = alicePool.Position(PeerDirection.AliceToBob);

        await Assert.ThrowsAsync<InvalidOperationException>(() => alice.SendAsync(new DataMessage(9, 1, Array.Empty<byte>())));

        Assert.Equal(before, alicePool.Position(PeerDirection.AliceToBob));
        await alice.DisposeAsync();
        await bob.DisposeAsync();
    }

    [Fact]
    public async Task Sessions_WhenMessagesFlowBothWays_SpendExactlyOneTagOfPadPerFrameAndBothHostsAgree()
    {
        var (alice, bob, alicePool, bobPool) = await PeerTestKit.InMemoryPairAsync(seed: 4);
        var random = new Random(4);
        const int rounds = 50;
        await alice.SendAsync(new BlockOpenMessage(1, 0, 100, Array.Empty<byte>()));
        await bob.ReceiveAsync();
        for (int i = 0; i < rounds; i++)
        {
            var payload = new byte[random.Next(0, 2000)];
            await alice.SendAsync(new DataMessage(1, 1, payload));
            await bob.ReceiveAsync();
            await bob.SendAsync(new DataMessage(1, 2, payload));
            await alice.ReceiveAsync();
        }
        await alice.DisposeAsync();
        await bob.ReceiveAsync();
        await bob.DisposeAsync();

        // Frames: Alice sent hello, open, 50 data, bye; Bob sent hello and 50 data. With t = 2 points each frame
        // costs 2 draws of 61 bits (plus 61 per rejected draw, probability 2^-61 each).
        long aliceFrames = 1 + 1 + rounds + 1, bobFrames = 1 + rounds;
        var a = alicePool.Accounting;
        var b = bobPool.Accounting;
        Assert.Equal(2 * aliceFrames, a.AliceToBob.TagPadDraws);
        Assert.Equal(61 * (a.AliceToBob.TagPadDraws + a.AliceToBob.RejectedDraws), a.AliceToBob.SpentBits);
        Assert.Equal(2 * bobFrames, a.BobToAlice.TagPadDraws);
        Assert.Equal(a.AliceToBob, b.AliceToBob);
        Assert.Equal(a.BobToAlice, b.BobToAlice);
        Assert.True(a.Balances);
        Assert.True(b.Balances);
        Assert.Equal(a.AliceToBob.SpentBits, alice.Counters.PadBitsSent);
        Assert.Equal(a.BobToAlice.SpentBits, alice.Counters.PadBitsVerified);
    }

    [Fact]
    public async Task ConnectAsync_WhenThePoolCannotPayTheReserve_RefusesBeforeSendingAnything()
    {
        var pool = AuthenticationKeyPool.InMemory(PeerTestKit.Secret(5, 32 + 4 * AuthenticationKeyPool.PageBytes));
        var (aliceEnd, bobEnd) = InMemoryTransport.CreatePair();

        var ex = await Assert.ThrowsAsync<AuthenticationKeyExhaustedException>(() =>
            PeerSession.ConnectAsync(aliceEnd, PeerTestKit.Options(PeerRole.Alice, pool, reserveMessages: 100)));

        Assert.Equal(100 * 122, ex.NeededBits);
        Assert.Equal(0, await bobEnd.ReadAsync(new byte[1]));
        Assert.Equal(0, pool.Accounting.AliceToBob.SpentBits);
    }

    [Fact]
    public async Task SendAsync_WhenTheKeyRunsOutMidSession_ThrowsExhaustedAndTheSessionIsBroken()
    {
        // 2 pages per direction = 4096 bits = 33 tags: hello plus 32 messages.
        byte[] secret = PeerTestKit.Secret(6, 32 + 4 * AuthenticationKeyPool.PageBytes);
        var alicePool = AuthenticationKeyPool.InMemory(secret);
        var bobPool = AuthenticationKeyPool.InMemory(secret);
        var (a, b) = InMemoryTransport.CreatePair();
        var (alice, bob) = await PeerTestKit.HandshakeAsync(a, b, PeerTestKit.Options(PeerRole.Alice, alicePool, 2), PeerTestKit.Options(PeerRole.Bob, bobPool, 2));
        await alice.SendAsync(new BlockOpenMessage(1, 0, 10, Array.Empty<byte>()));
        int sent = 1;

        await Assert.ThrowsAsync<AuthenticationKeyExhaustedException>(async () =>
        {
            while (true)
            {
                await alice.SendAsync(new DataMessage(1, 0, Array.Empty<byte>()));
                sent++;
            }
        });

        Assert.Equal(32, sent);
        Assert.Equal(PeerBreakReason.KeyPoolExhausted, alice.BreakReason);
        await Assert.ThrowsAsync<PeerSessionBrokenException>(() => alice.SendAsync(new DataMessage(1, 0, Array.Empty<byte>())));
        for (int i = 0; i < sent; i++)
            await bob.ReceiveAsync();
        var broken = await Assert.ThrowsAsync<PeerSessionBrokenException>(() => bob.ReceiveAsync());
        Assert.Equal(PeerBreakReason.ConnectionLost, broken.Reason);
        Assert.Equal(PeerBlockState.Broken, bob.GetBlockState(1));
    }

    [Fact]
    public async Task ConnectAsync_WhenKeyWasDepositedOnBothSides_RunsPastTheOriginalSecret()
    {
        byte[] secret = PeerTestKit.Secret(7, 32 + 4 * AuthenticationKeyPool.PageBytes);
        byte[] distilled = PeerTestKit.Secret(8, 16 * AuthenticationKeyPool.PageBytes);
        var alicePool = AuthenticationKeyPool.InMemory(secret);
        var bobPool = AuthenticationKeyPool.InMemory(secret);
        alicePool.Deposit("block-1", distilled);
        bobPool.Deposit("block-1", distilled);
        alicePool.ActivateAll();
        bobPool.ActivateAll();
        var (a, b) = InMemoryTransport.CreatePair();
        var (alice, bob) = await PeerTestKit.HandshakeAsync(a, b, PeerTestKit.Options(PeerRole.Alice, alicePool, 2), PeerTestKit.Options(PeerRole.Bob, bobPool, 2));

        await alice.SendAsync(new BlockOpenMessage(1, 0, 10, Array.Empty<byte>()));
        for (int i = 0; i < 100; i++)
            await alice.SendAsync(new DataMessage(1, 0, new byte[] { (byte)i }));
        for (int i = 0; i < 101; i++)
            await bob.ReceiveAsync();

        Assert.True(alicePool.Position(PeerDirection.AliceToBob) > 2 * AuthenticationKeyPool.PageBytes * 8);
        await alice.DisposeAsync();
        await bob.DisposeAsync();
    }

    [Fact]
    public async Task ReceiveAsync_WhenOnlyOneSideDepositedKey_BreaksWithAuthenticationFailure()
    {
        byte[] secret = PeerTestKit.Secret(9, 32 + 4 * AuthenticationKeyPool.PageBytes);
        var alicePool = AuthenticationKeyPool.InMemory(secret);
        var bobPool = AuthenticationKeyPool.InMemory(secret);
        alicePool.Deposit("block-1", PeerTestKit.Secret(10, 16 * AuthenticationKeyPool.PageBytes));
        bobPool.Deposit("block-1", PeerTestKit.Secret(11, 16 * AuthenticationKeyPool.PageBytes));
        alicePool.ActivateAll();
        bobPool.ActivateAll();
        var (a, b) = InMemoryTransport.CreatePair();
        var (alice, bob) = await PeerTestKit.HandshakeAsync(a, b, PeerTestKit.Options(PeerRole.Alice, alicePool, 2), PeerTestKit.Options(PeerRole.Bob, bobPool, 2));

        await alice.SendAsync(new BlockOpenMessage(1, 0, 10, Array.Empty<byte>()));
        for (int i = 0; i < 40; i++)
            await alice.SendAsync(new DataMessage(1, 0, Array.Empty<byte>()));
        // The first 32 frames use the common secret; the 33rd is the first paid from the differing deposits.
        for (int i = 0; i < 32; i++)
            await bob.ReceiveAsync();
        var ex = await Assert.ThrowsAsync<PeerSessionBrokenException>(() => bob.ReceiveAsync());

        Assert.Equal(PeerBreakReason.AuthenticationFailed, ex.Reason);
        await alice.DisposeAsync();
    }

    [Fact]
    public async Task AcceptAsync_WhenBothEndsClaimTheSameRole_BreaksTheHandshake()
    {
        byte[] secret = PeerTestKit.Secret(12, 1 << 14);
        var (a, b) = InMemoryTransport.CreatePair();
        var accept = PeerSession.AcceptAsync(b, PeerTestKit.Options(PeerRole.Alice, AuthenticationKeyPool.InMemory(secret)));
        var connect = PeerSession.ConnectAsync(a, PeerTestKit.Options(PeerRole.Alice, AuthenticationKeyPool.InMemory(secret)));

        var ex = await Assert.ThrowsAsync<PeerSessionBrokenException>(() => accept);
        await Assert.ThrowsAsync<PeerSessionBrokenException>(() => connect);
        Assert.Equal(PeerBreakReason.DirectionMismatch, ex.Reason);
    }

    [Fact]
    public async Task AcceptAsync_WhenVersionsDoNotOverlap_BreaksWithVersionMismatch()
    {
        byte[] secret = PeerTestKit.Secret(13, 1 << 14);
        var (a, b) = InMemoryTransport.CreatePair();
        var accept = PeerSession.AcceptAsync(b, PeerTestKit.Options(PeerRole.Bob, AuthenticationKeyPool.InMemory(secret)));
        var connect = PeerSession.ConnectAsync(a, PeerTestKit.Options(PeerRole.Alice, AuthenticationKeyPool.InMemory(secret)) with { MinVersion = PeerSession.ProtocolVersion + 1, MaxVersion = PeerSession.ProtocolVersion + 2 });

        var ex = await Assert.ThrowsAsync<PeerSessionBrokenException>(() => accept);
        await Assert.ThrowsAsync<PeerSessionBrokenException>(() => connect);
        Assert.Equal(PeerBreakReason.VersionMismatch, ex.Reason);
    }

    [Fact]
    public async Task AcceptAsync_WhenThePeerSpeaksOnlyVersion1_BreaksWithVersionMismatch()
    {
        // Version 1 reads a test selection as one bit per round; this host may send Rice-coded gaps.
        byte[] secret = PeerTestKit.Secret(14, 1 << 14);
        var (a, b) = InMemoryTransport.CreatePair();
        var accept = PeerSession.AcceptAsync(b, PeerTestKit.Options(PeerRole.Bob, AuthenticationKeyPool.InMemory(secret)));
        var connect = PeerSession.ConnectAsync(a, PeerTestKit.Options(PeerRole.Alice, AuthenticationKeyPool.InMemory(secret)) with { MinVersion = 1, MaxVersion = 1 });

        var ex = await Assert.ThrowsAsync<PeerSessionBrokenException>(() => accept);
        await Assert.ThrowsAsync<PeerSessionBrokenException>(() => connect);
        Assert.Equal(PeerBreakReason.VersionMismatch, ex.Reason);
        Assert.Contains("peer speaks versions 1..1, this host 2..2", ex.Message);
    }

    [Fact]
    public async Task AcceptAsync_WhenAnOldSessionIsReplayedToTheSameHost_RejectsItsHello()
    {
        byte[] secret = PeerTestKit.Secret(14, 1 << 14);
        var alicePool = AuthenticationKeyPool.InMemory(secret);
        var bobPool = AuthenticationKeyPool.InMemory(secret);
        var recorded = new List<byte[]>();
        var (aliceEnd, tapLeft) = InMemoryTransport.CreatePair();
        var (tapRight, bobEnd) = InMemoryTransport.CreatePair();
        var forward = FrameTamperingProxy.PumpAsync(tapLeft, tapRight, null, recorded); // a wiretap on Alice's frames
        var backward = FrameTamperingProxy.PumpAsync(tapRight, tapLeft, null);
        var (alice, bob) = await PeerTestKit.HandshakeAsync(aliceEnd, bobEnd, PeerTestKit.Options(PeerRole.Alice, alicePool), PeerTestKit.Options(PeerRole.Bob, bobPool));
        await alice.SendAsync(new BlockOpenMessage(1, 0, 10, Array.Empty<byte>()));
        await bob.ReceiveAsync();
        await alice.DisposeAsync();
        await bob.ReceiveAsync();
        await bob.DisposeAsync();
        await Task.WhenAll(forward, backward);

        // The attacker plays the recorded bytes to Bob in a new connection.
        var (attacker, bobAgain) = InMemoryTransport.CreatePair();
        foreach (var frame in recorded)
            await attacker.WriteAsync(frame);
        var ex = await Assert.ThrowsAsync<PeerSessionBrokenException>(() => PeerSession.AcceptAsync(bobAgain, PeerTestKit.Options(PeerRole.Bob, bobPool)));

        Assert.Equal(PeerBreakReason.Replayed, ex.Reason);
    }

    [Fact]
    public async Task ConnectAsync_WhenTheHelloIsHeldBack_BreaksWithTimeout()
    {
        byte[] secret = PeerTestKit.Secret(15, 1 << 14);
        var (a, _) = InMemoryTransport.CreatePair(); // nothing ever answers
        var options = PeerTestKit.Options(PeerRole.Alice, AuthenticationKeyPool.InMemory(secret)) with { ReceiveTimeout = TimeSpan.FromMilliseconds(200) };

        var ex = await Assert.ThrowsAsync<PeerSessionBrokenException>(() => PeerSession.ConnectAsync(a, options));

        Assert.Equal(PeerBreakReason.Timeout, ex.Reason);
    }

    [Fact]
    public async Task ConnectAsync_WhenFilePoolsAreReopenedAfterACrash_ResumesWithoutReusingKey()
    {
        using var directory = new Archive.TemporaryDirectory();
        string secretFile = directory.File("secret.bin");
        File.WriteAllBytes(secretFile, PeerTestKit.Secret(16, 1 << 16));
        var alicePool = AuthenticationKeyPool.CreateFromSecretFile(secretFile, directory.File("alice"));
        var bobPool = AuthenticationKeyPool.CreateFromSecretFile(secretFile, directory.File("bob"));
        var (a, b) = InMemoryTransport.CreatePair();
        var (alice, bob) = await PeerTestKit.HandshakeAsync(a, b, PeerTestKit.Options(PeerRole.Alice, alicePool), PeerTestKit.Options(PeerRole.Bob, bobPool));
        await alice.SendAsync(new BlockOpenMessage(1, 0, 10, Array.Empty<byte>()));
        await bob.ReceiveAsync();
        long aliceUsed = alicePool.Position(PeerDirection.AliceToBob);
        // Alice's host dies: no dispose, no flush. Bob closes his side normally.
        await bob.DisposeAsync();
        bobPool.Dispose();

        using var alicePool2 = AuthenticationKeyPool.Open(directory.File("alice"));
        using var bobPool2 = AuthenticationKeyPool.Open(directory.File("bob"));
        var (a2, b2) = InMemoryTransport.CreatePair();
        var (alice2, bob2) = await PeerTestKit.HandshakeAsync(a2, b2, PeerTestKit.Options(PeerRole.Alice, alicePool2), PeerTestKit.Options(PeerRole.Bob, bobPool2));
        await alice2.SendAsync(new BlockOpenMessage(2, 0, 10, Array.Empty<byte>()));
        await bob2.ReceiveAsync();

        Assert.True(alice2.Counters.PadBitsSent > 0);
        Assert.True(bobPool2.Accounting.AliceToBob.SkippedBits > 0, "Bob skipped Alice's lost reservation");
        Assert.True(alicePool2.Position(PeerDirection.AliceToBob) > aliceUsed);
        Assert.True(bobPool2.Accounting.Balances);
        await alice2.DisposeAsync();
        await bob2.DisposeAsync();
    }
}
