using QkdEdge.KeyStore;
using QkdEdge.Protocol.Engine;
using QkdEdge.Protocol.Tests.Support;

namespace QkdEdge.Protocol.Tests.Engine;

public sealed class KeySettlementTests
{
    private static KeyProvenance Provenance(string id) => new()
    {
        BlockId = id, FirstRound = 0, Rounds = 10, TestRounds = 1, KeyRounds = 2, Chsh = 2.7, ChshLower = 2.6, ChshUpper = 2.8,
        ErrorRate = 0.01, LeakedBits = 1, EpsSound = 1e-6, EpsEc = 1e-7, EpsPa = 1e-7, Gamma = 0.1, FinalLength = 8,
        ArchiveHash = "h", AliceFirmware = "a", BobFirmware = "b", Protocol = "chsh-vv14", ProtocolVersion = "1",
    };

    private static void Stage(SqliteKeyStore store, string id, bool commit = false)
    {
        store.Stage(id, [0x5A], 8, Provenance(id));
        if (commit)
            store.Commit(id);
    }

    [Fact]
    public async Task Settle_WhenCrashLeftKeysStaged_EveryBlockEndsCommittedAtBothOrNeither()
    {
        using var harness = new EngineHarness();
        var alice = harness.AliceStore;
        var bob = harness.BobStore;
        Stage(alice, "committed-at-alice", commit: true); Stage(bob, "committed-at-alice");   // Commit message lost
        Stage(bob, "never-reached-alice");                                                     // Alice crashed before staging
        Stage(alice, "staged-at-both"); Stage(bob, "staged-at-both");                          // Alice crashed between stage and commit
        Stage(alice, "committed-at-bob"); Stage(bob, "committed-at-bob", commit: true);        // Alice crashed before her commit was durable

        var (aliceChannel, bobChannel) = InMemoryBlockChannel.CreatePair();
        var aliceSide = KeySettlement.SettleAsAliceAsync(alice, aliceChannel, CancellationToken.None);
        var bobSide = KeySettlement.SettleAsBobAsync(bob, bobChannel, CancellationToken.None);
        await Task.WhenAll(aliceSide, bobSide);

        Assert.Empty(alice.StagedBlocks());
        Assert.Empty(bob.StagedBlocks());
        var expected = new[] { "committed-at-alice", "committed-at-bob", "staged-at-both" };
        Assert.Equal(expected, alice.CommittedKeys().Select(k => k.BlockId).Order());
        Assert.Equal(expected, bob.CommittedKeys().Select(k => k.BlockId).Order());
        Assert.Null(bob.StateOf("never-reached-alice"));
        Assert.Contains(("never-reached-alice", false), await bobSide);
    }

    [Fact]
    public async Task SettleAsBob_WhenAliceAnswersForAnUnaskedBlock_Throws()
    {
        using var harness = new EngineHarness();
        Stage(harness.BobStore, "asked");
        var (aliceChannel, bobChannel) = InMemoryBlockChannel.CreatePair();
        var bobSide = KeySettlement.SettleAsBobAsync(harness.BobStore, bobChannel, CancellationToken.None);
        await aliceChannel.ReceiveAsync(CancellationToken.None);
        var forged = new Messages.PayloadWriter().U32(1).Text("other").U8(1).ToArray();
        await aliceChannel.SendAsync(BlockMessageKind.SettleReply, forged, CancellationToken.None);

        await Assert.ThrowsAsync<Messages.MalformedPayloadException>(() => bobSide);
        Assert.Equal(KeyState.Staged, harness.BobStore.StateOf("asked"));
    }
}
