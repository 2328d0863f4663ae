using QkdEdge.KeyStore;

namespace QkdEdge.KeyStore.Tests;

public sealed class SqliteKeyStoreTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("keystore-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string StorePath => Path.Combine(_folder, "keys.db");

    internal static KeyProvenance Provenance(string blockId, long finalLength) => new()
    {
        BlockId = blockId, FirstRound = 1000, Rounds = 5000, TestRounds = 500, KeyRounds = 700,
        Chsh = 2.7, ChshLower = 2.65, ChshUpper = 2.75, ErrorRate = 0.02, LeakedBits = 123,
        EpsSound = 1e-5, EpsEc = 1e-10, EpsPa = 1e-10, Gamma = 0.1, FinalLength = finalLength,
        ArchiveHash = "ab", AliceFirmware = "fw-a", BobFirmware = "fw-b", Protocol = "chsh-vv14", ProtocolVersion = "1",
        Parameters = new Dictionary<string, double> { ["epsEA"] = 1e-5 },
    };

    [Fact]
    public void Commit_WhenStaged_KeyIsReadBackWithProvenance()
    {
        byte[] key = [0x12, 0x34, 0x05];
        using (var store = SqliteKeyStore.Open(StorePath))
        {
            store.Stage("b1", key, 19, Provenance("b1", 19));
            Assert.Empty(store.CommittedKeys());
            Assert.True(store.Commit("b1"));
        }

        using var reopened = SqliteKeyStore.Open(StorePath);
        var stored = Assert.Single(reopened.CommittedKeys());
        Assert.Equal(key, stored.Key);
        Assert.Equal(19, stored.Bits);
        Assert.Equal(KeyDigest.Sha256Hex(key), stored.Sha256);
        Assert.Equal(Provenance("b1", 19) with { Parameters = stored.Provenance.Parameters }, stored.Provenance);
        Assert.Equal(1e-5, stored.Provenance.Parameters["epsEA"]);
    }

    [Fact]
    public void StagedBlocks_WhenNotCommitted_AreListedForRecoveryAndDiscardable()
    {
        using var store = SqliteKeyStore.Open(StorePath);
        store.Stage("b1", [1], 8, Provenance("b1", 8));
        store.Stage("b2", [2], 8, Provenance("b2", 8));
        store.Commit("b2");

        Assert.Equal(["b1"], store.StagedBlocks());
        Assert.True(store.Discard("b1"));
        Assert.False(store.Discard("b2"));
        Assert.Null(store.StateOf("b1"));
        Assert.Equal(KeyState.Committed, store.StateOf("b2"));
    }

    [Fact]
    public void Stage_WhenSameBlockHasDifferentKey_Throws()
    {
        using var store = SqliteKeyStore.Open(StorePath);
        store.Stage("b1", [1], 8, Provenance("b1", 8));
        store.Stage("b1", [1], 8, Provenance("b1", 8));
        Assert.Throws<InvalidOperationException>(() => store.Stage("b1", [2], 8, Provenance("b1", 8)));
    }

    [Theory]
    [InlineData(9, 1)]
    [InlineData(8, 2)]
    public void Stage_WhenByteCountDoesNotMatchBits_Throws(int bits, int bytes)
    {
        using var store = SqliteKeyStore.Open(StorePath);
        Assert.Throws<ArgumentException>(() => store.Stage("b", new byte[bytes], bits, Provenance("b", bits)));
    }

    [Fact]
    public void Commit_WhenNothingStaged_ReturnsFalse()
    {
        using var store = SqliteKeyStore.Open(StorePath);
        Assert.False(store.Commit("missing"));
    }
}
