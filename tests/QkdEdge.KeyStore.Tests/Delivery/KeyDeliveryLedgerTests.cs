using QkdEdge.KeyStore.Delivery;

namespace QkdEdge.KeyStore.Tests.Delivery;

/// <summary>Two stores with the same committed block keys stand in for Alice's and Bob's stations.</summary>
public sealed class KeyDeliveryLedgerTests : IDisposable
{
    private const string Master = "sae-master";
    private const string Slave = "sae-slave";
    private static readonly Func<string, bool> AllBlocks = _ => true;

    private readonly string _folder = Directory.CreateTempSubdirectory("ledger-").FullName;
    private readonly SqliteKeyStore _alice;
    private readonly SqliteKeyStore _bob;
    private readonly KeyDeliveryLedger _aliceLedger;
    private readonly KeyDeliveryLedger _bobLedger;

    public KeyDeliveryLedgerTests()
    {
        _alice = SqliteKeyStore.Open(Path.Combine(_folder, "alice.db"));
        _bob = SqliteKeyStore.Open(Path.Combine(_folder, "bob.db"));
        _aliceLedger = _alice.OpenDeliveryLedger();
        _bobLedger = _bob.OpenDeliveryLedger();
    }

    public void Dispose()
    {
        _aliceLedger.Dispose();
        _bobLedger.Dispose();
        _alice.Dispose();
        _bob.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static byte[] Pattern(int bytes, int seed)
    {
        var key = new byte[bytes];
        new Random(seed).NextBytes(key);
        return key;
    }

    private void CommitBoth(string blockId, byte[] key, int? bits = null)
    {
        var length = bits ?? key.Length * 8;
        foreach (var store in new[] { _alice, _bob })
        {
            store.Stage(blockId, key, length, SqliteKeyStoreTests.Provenance(blockId, length));
            Assert.True(store.Commit(blockId));
        }
    }

    private static List<KeyLocation> Locations(TakeResult result) =>
        result.Keys.Select(k => { Assert.True(KeyIdCodec.TryDecode(k.KeyId, out var l)); return l; }).ToList();

    [Fact]
    public void TakeAsSlave_WhenGivenMasterKeyIds_ReturnsTheSameKeys()
    {
        var key = Pattern(64, 1);
        CommitBoth("b1", key);

        var enc = _aliceLedger.TakeAsMaster(AllBlocks, 3, 16, Master, Slave);
        var dec = _bobLedger.TakeAsSlave(Locations(enc), AllBlocks, Master, Slave);

        Assert.Equal(TakeStatus.Delivered, enc.Status);
        Assert.Equal(TakeStatus.Delivered, dec.Status);
        Assert.Equal(enc.Keys.Select(k => k.KeyId), dec.Keys.Select(k => k.KeyId));
        Assert.Equal(enc.Keys.Select(k => Convert.ToHexString(k.Key)), dec.Keys.Select(k => Convert.ToHexString(k.Key)));
        Assert.Equal(key[..16], enc.Keys[0].Key);
        Assert.Equal(key[16..32], enc.Keys[1].Key);
        Assert.Equal(key[32..48], enc.Keys[2].Key);
    }

    [Fact]
    public void TakeAsSlave_WhenKeyIdsAlreadyDelivered_RefusesAndDeliversNothing()
    {
        CommitBoth("b1", Pattern(32, 2));
        var enc = _aliceLedger.TakeAsMaster(AllBlocks, 2, 8, Master, Slave);
        Assert.Equal(TakeStatus.Delivered, _bobLedger.TakeAsSlave(Locations(enc), AllBlocks, Master, Slave).Status);

        var again = _bobLedger.TakeAsSlave(Locations(enc), AllBlocks, Master, Slave);

        Assert.Equal(TakeStatus.KeyNotFound, again.Status);
        Assert.Empty(again.Keys);
        Assert.Equal(2, _bobLedger.DeliveredRanges("b1").Count);
    }

    [Fact]
    public void TakeAsSlave_WhenOneIdOverlapsADeliveredRange_DeliversNoneOfTheRequest()
    {
        CommitBoth("b1", Pattern(32, 3));
        var tag = BlockTag.Of("b1");
        Assert.Equal(TakeStatus.Delivered, _bobLedger.TakeAsSlave([new KeyLocation(tag, 8, 8)], AllBlocks, Master, Slave).Status);

        var result = _bobLedger.TakeAsSlave([new KeyLocation(tag, 0, 8), new KeyLocation(tag, 12, 8)], AllBlocks, Master, Slave);

        Assert.Equal(TakeStatus.KeyNotFound, result.Status);
        Assert.Equal(1, result.RefusedIndex);
        Assert.Single(_bobLedger.DeliveredRanges("b1"));
        Assert.Equal(TakeStatus.Delivered, _bobLedger.TakeAsSlave([new KeyLocation(tag, 0, 8)], AllBlocks, Master, Slave).Status);
    }

    [Fact]
    public void TakeAsSlave_WhenTwoIdsInOneRequestShareBits_Refuses()
    {
        CommitBoth("b1", Pattern(32, 4));
        var tag = BlockTag.Of("b1");

        var result = _bobLedger.TakeAsSlave([new KeyLocation(tag, 0, 8), new KeyLocation(tag, 4, 8)], AllBlocks, Master, Slave);

        Assert.Equal(TakeStatus.KeyNotFound, result.Status);
        Assert.Empty(_bobLedger.DeliveredRanges("b1"));
    }

    [Theory]
    [InlineData("b1", 30, 4)]   // runs past the block's 32 bytes
    [InlineData("nope", 0, 4)]  // no such block
    public void TakeAsSlave_WhenIdNamesNoCommittedBits_ReturnsKeyNotFound(string block, int offset, int length)
    {
        CommitBoth("b1", Pattern(32, 5));

        var result = _bobLedger.TakeAsSlave([new KeyLocation(BlockTag.Of(block), offset, length)], AllBlocks, Master, Slave);

        Assert.Equal(TakeStatus.KeyNotFound, result.Status);
    }

    [Fact]
    public void TakeAsSlave_WhenBlockIsOnlyStaged_ReturnsKeyNotFound()
    {
        _bob.Stage("b1", Pattern(32, 6), 256, SqliteKeyStoreTests.Provenance("b1", 256));

        var result = _bobLedger.TakeAsSlave([new KeyLocation(BlockTag.Of("b1"), 0, 8)], AllBlocks, Master, Slave);

        Assert.Equal(TakeStatus.KeyNotFound, result.Status);
    }

    [Fact]
    public void TakeAsSlave_WhenBlockServesAnotherLink_ReturnsOtherLink()
    {
        CommitBoth("b1", Pattern(32, 7));

        var result = _bobLedger.TakeAsSlave([new KeyLocation(BlockTag.Of("b1"), 0, 8)], id => id != "b1", Master, Slave);

        Assert.Equal(TakeStatus.OtherLink, result.Status);
        Assert.Empty(_bobLedger.DeliveredRanges("b1"));
    }

    [Fact]
    public void TakeAsMaster_WhenDelivered_ErasesExactlyTheDeliveredBytesAndKeepsMetadata()
    {
        var key = Pattern(40, 8);
        CommitBoth("b1", key);

        var enc = _aliceLedger.TakeAsMaster(AllBlocks, 2, 8, Master, Slave);

        var stored = Assert.Single(_alice.CommittedKeys());
        Assert.All(stored.Key[..16], b => Assert.Equal(0, b));
        Assert.Equal(key[16..], stored.Key[16..]);
        var ranges = _aliceLedger.DeliveredRanges("b1");
        Assert.Equal([0, 64], ranges.Select(r => r.BitOffset));
        Assert.All(ranges, r =>
        {
            Assert.Equal(64, r.BitLength);
            Assert.Equal(DeliveryRole.Master, r.Role);
            Assert.Equal((Master, Slave), (r.MasterSaeId, r.SlaveSaeId));
        });
        Assert.Equal(enc.Keys.Select(k => k.KeyId), ranges.Select(r => r.KeyId));
    }

    [Fact]
    public void TakeAsMaster_WhenStoreIsReopened_ContinuesAfterDeliveredRanges()
    {
        var key = Pattern(32, 9);
        CommitBoth("b1", key);
        _aliceLedger.TakeAsMaster(AllBlocks, 1, 8, Master, Slave);

        using var reopened = _alice.OpenDeliveryLedger();
        var next = reopened.TakeAsMaster(AllBlocks, 1, 8, Master, Slave);

        Assert.Equal(key[8..16], Assert.Single(next.Keys).Key);
    }

    [Fact]
    public void TakeAsMaster_WhenBlockTailIsTooShort_TakesNextBlockWithoutStraddling()
    {
        var first = Pattern(12, 10);
        var second = Pattern(16, 11);
        CommitBoth("b1", first);
        CommitBoth("b2", second);

        var result = _aliceLedger.TakeAsMaster(AllBlocks, 3, 8, Master, Slave);

        Assert.Equal(TakeStatus.Delivered, result.Status);
        Assert.Equal(["b1", "b2", "b2"], result.Keys.Select(k => k.BlockId));
        Assert.Equal(first[..8], result.Keys[0].Key);
        Assert.Equal(second[..8], result.Keys[1].Key);
        Assert.Equal(second[8..], result.Keys[2].Key);
    }

    [Fact]
    public void TakeAsMaster_WhenNotEnoughKey_DeliversNothing()
    {
        var key = Pattern(24, 12);
        CommitBoth("b1", key);

        var result = _aliceLedger.TakeAsMaster(AllBlocks, 4, 8, Master, Slave);

        Assert.Equal(TakeStatus.InsufficientKey, result.Status);
        Assert.Empty(_aliceLedger.DeliveredRanges("b1"));
        Assert.Equal(key, Assert.Single(_alice.CommittedKeys()).Key);
    }

    [Fact]
    public void TakeAsMaster_WhenBlockHasPartialLastByte_NeverDeliversThosePartialBits()
    {
        // 20 bits: two whole bytes and a 4-bit tail that no key may contain.
        CommitBoth("b1", [0xAA, 0xBB, 0x0C], bits: 20);

        Assert.Equal(TakeStatus.InsufficientKey, _aliceLedger.TakeAsMaster(AllBlocks, 3, 1, Master, Slave).Status);
        Assert.Equal(TakeStatus.Delivered, _aliceLedger.TakeAsMaster(AllBlocks, 2, 1, Master, Slave).Status);
    }

    [Fact]
    public void TakeAsMaster_WhenBlocksServeOtherLinks_UsesOnlyThisLinksBlocks()
    {
        CommitBoth("b1", Pattern(16, 13));
        CommitBoth("b2", Pattern(16, 14));

        var result = _aliceLedger.TakeAsMaster(id => id == "b2", 2, 8, Master, Slave);

        Assert.All(result.Keys, k => Assert.Equal("b2", k.BlockId));
        Assert.Equal(TakeStatus.InsufficientKey, _aliceLedger.TakeAsMaster(id => id == "b2", 1, 8, Master, Slave).Status);
    }

    [Fact]
    public void Level_WhenPartlyDelivered_CountsWholeKeysAfterHighWaterAndUndeliveredBits()
    {
        CommitBoth("b1", Pattern(40, 15));
        CommitBoth("b2", Pattern(10, 16));
        _aliceLedger.TakeAsMaster(AllBlocks, 1, 16, Master, Slave);

        var level = _aliceLedger.Level(AllBlocks, 8);

        // b1: 24 bytes left -> 3 keys of 8 bytes; b2: 10 bytes -> 1 key. Bits: (24 + 10) * 8.
        Assert.Equal(new LinkLevel(4, 272, 2), level);
    }

    [Fact]
    public void TakeAsMaster_WhenABlockIsCommittedAfterTheLedgerOpened_DrawsFromIt()
    {
        CommitBoth("b1", Pattern(8, 17));
        Assert.Equal(TakeStatus.Delivered, _aliceLedger.TakeAsMaster(AllBlocks, 1, 8, Master, Slave).Status);
        var later = Pattern(8, 18);

        CommitBoth("b2", later);
        var result = _aliceLedger.TakeAsMaster(AllBlocks, 1, 8, Master, Slave);

        Assert.Equal(later, Assert.Single(result.Keys).Key);
    }

    [Fact]
    public void TakeAsMaster_WhenDelivered_LeavesNoCopyOfTheKeyInTheDatabaseFiles()
    {
        var key = Pattern(4096, 19);
        CommitBoth("b1", key);

        _aliceLedger.TakeAsMaster(AllBlocks, 1, 2048, Master, Slave);

        // Any 16 delivered bytes found in the database or its log would be a leftover copy; a random
        // 16-byte string occurs elsewhere in a file of a few hundred KiB with probability ~2^-110.
        var files = new[] { _alice.Path, _alice.Path + "-wal" }.Where(File.Exists).Select(ReadShared).ToList();
        for (var offset = 0; offset + 16 <= 2048; offset += 16)
            Assert.All(files, bytes => Assert.Equal(-1, bytes.AsSpan().IndexOf(key.AsSpan(offset, 16))));
        // The undelivered half is still there, so the search would have found a copy.
        Assert.Contains(files, bytes => bytes.AsSpan().IndexOf(key.AsSpan(3000, 16)) >= 0);
    }

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
