using QkdEdge.KeyStore.Delivery;

namespace QkdEdge.KeyStore.Tests;

/// <summary>The leading bytes of each key set aside for the peer authentication pool: never delivered, moved once.</summary>
public sealed class AuthenticationReserveTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("reserve-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private SqliteKeyStore Open(string name, int reserve)
    {
        var store = SqliteKeyStore.Open(Path.Combine(_folder, name));
        store.AuthenticationReserveBytes = reserve;
        return store;
    }

    private static byte[] Key(int bytes, int seed)
    {
        var key = new byte[bytes];
        new Random(seed).NextBytes(key);
        return key;
    }

    private static void StageAndCommit(SqliteKeyStore store, string blockId, byte[] key)
    {
        store.Stage(blockId, key, key.Length * 8, SqliteKeyStoreTests.Provenance(blockId, key.Length * 8));
        Assert.True(store.Commit(blockId));
    }

    [Fact]
    public void PendingAuthenticationDeposits_WhenKeysWereCommittedOutOfIdOrder_ListsThemInCommitOrderWithTheirShares()
    {
        using var store = Open("a.db", reserve: 16);
        var second = Key(64, 2);
        var first = Key(64, 1);
        StageAndCommit(store, "z-block", first);
        store.Stage("a-block", second, 512, SqliteKeyStoreTests.Provenance("a-block", 512));
        store.Stage("staged-only", Key(64, 3), 512, SqliteKeyStoreTests.Provenance("staged-only", 512));
        Assert.True(store.Commit("a-block"));

        var pending = store.PendingAuthenticationDeposits();

        Assert.Equal(["z-block", "a-block"], pending.Select(p => p.BlockId));
        Assert.Equal(first[..16], pending[0].Share);
        Assert.Equal(second[..16], pending[1].Share);
    }

    [Fact]
    public void MarkAuthenticationDeposited_WhenCalled_ZeroesTheShareKeepsTheRestAndIsNotRepeated()
    {
        using var store = Open("a.db", reserve: 16);
        var key = Key(64, 4);
        StageAndCommit(store, "b1", key);

        Assert.True(store.MarkAuthenticationDeposited("b1"));
        Assert.False(store.MarkAuthenticationDeposited("b1"));

        var stored = Assert.Single(store.CommittedKeys());
        Assert.Equal(new byte[16], stored.Key[..16]);
        Assert.Equal(key[16..], stored.Key[16..]);
        Assert.Equal(16, stored.AuthenticationBytes);
        Assert.Empty(store.PendingAuthenticationDeposits());
    }

    [Fact]
    public void Stage_WhenTheKeyIsShorterThanTheReserve_ReservesEveryWholeByte()
    {
        using var store = Open("a.db", reserve: 1024);
        StageAndCommit(store, "short", Key(40, 5));

        Assert.Equal(40, Assert.Single(store.PendingAuthenticationDeposits()).Share.Length);
    }

    [Fact]
    public void TakeAsMaster_WhenKeysHaveAReserve_DeliversOnlyTheBytesAfterIt()
    {
        using var alice = Open("alice.db", reserve: 16);
        using var bob = Open("bob.db", reserve: 16);
        var key = Key(48, 6);
        StageAndCommit(alice, "b1", key);
        StageAndCommit(bob, "b1", key);
        using var aliceLedger = alice.OpenDeliveryLedger();
        using var bobLedger = bob.OpenDeliveryLedger();

        Assert.Equal(2, aliceLedger.Level(_ => true, 16).StoredKeyCount);
        var taken = aliceLedger.TakeAsMaster(_ => true, 2, 16, "m", "s");
        Assert.Equal(TakeStatus.Delivered, taken.Status);
        Assert.Equal(key[16..32], taken.Keys[0].Key);
        Assert.Equal(key[32..48], taken.Keys[1].Key);
        Assert.Equal(TakeStatus.InsufficientKey, aliceLedger.TakeAsMaster(_ => true, 1, 16, "m", "s").Status);

        // A slave presenting a key ID that points into the reserve gets nothing.
        var reserved = taken.Keys[0].Location with { ByteOffset = 0 };
        Assert.Equal(TakeStatus.KeyNotFound, bobLedger.TakeAsSlave([reserved], _ => true, "m", "s").Status);
        Assert.Equal(TakeStatus.Delivered, bobLedger.TakeAsSlave([taken.Keys[0].Location], _ => true, "m", "s").Status);
    }

    [Fact]
    public void Open_WhenTheStoreWasWrittenBeforeReserves_AddsTheColumnsAndKeepsItsKeysDeliverable()
    {
        string path = Path.Combine(_folder, "old.db");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = """
                CREATE TABLE block_keys(block_id TEXT PRIMARY KEY, state INTEGER NOT NULL, bits INTEGER NOT NULL, key BLOB NOT NULL,
                    sha256 TEXT NOT NULL, provenance TEXT NOT NULL, staged_at TEXT NOT NULL, committed_at TEXT);
                """;
            create.ExecuteNonQuery();
        }

        using var store = Open("old.db", reserve: 16);
        StageAndCommit(store, "b1", Key(32, 7));

        Assert.Equal(16, Assert.Single(store.CommittedKeys()).AuthenticationBytes);
    }
}
