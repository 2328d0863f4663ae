using QkdEdge.KeyStore;
using QkdEdge.Protocol.Description;
using QkdEdge.Protocol.Engine;
using QkdEdge.Protocol.Reconciliation;

namespace QkdEdge.Protocol.Tests.Support;

/// <summary>Runs one block at both stations at once, each with its own key store in a temporary folder.</summary>
internal sealed class EngineHarness : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("engine-").FullName;

    public EngineHarness()
    {
        AliceStore = SqliteKeyStore.Open(Path.Combine(_folder, "alice.db"));
        BobStore = SqliteKeyStore.Open(Path.Combine(_folder, "bob.db"));
    }

    public SqliteKeyStore AliceStore { get; }
    public SqliteKeyStore BobStore { get; }

    public async Task<(BlockOutcome Alice, BlockOutcome Bob)> RunAsync(EngineSettings settings, IKeyReconciliation reconciliation,
        StationBlock alice, StationBlock bob, Func<BlockMessage, BlockMessage?>? aliceToBob = null,
        IProgress<PhaseProgress>? aliceProgress = null, IProgress<PhaseProgress>? bobProgress = null)
    {
        var (aliceChannel, bobChannel) = InMemoryBlockChannel.CreatePair(aliceToBob);
        var protocol = Protocols.ChshVaziraniVidick;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        // Alice's private randomness is seeded from the block so that every engine test is reproducible.
        int seed = (int)System.IO.Hashing.XxHash32.HashToUInt32(System.Text.Encoding.UTF8.GetBytes(alice.BlockId)) ^ alice.Rounds;
        var aliceRun = new BlockEngine(protocol, settings, AliceStore, reconciliation, new SeededRandomNumberGenerator(seed))
            .RunAsync(StationRole.Alice, alice, aliceChannel, timeout.Token, aliceProgress);
        var bobRun = new BlockEngine(protocol, settings, BobStore, reconciliation, new SeededRandomNumberGenerator(~seed))
            .RunAsync(StationRole.Bob, bob, bobChannel, timeout.Token, bobProgress);
        return (await aliceRun, await bobRun);
    }

    public void Dispose()
    {
        AliceStore.Dispose();
        BobStore.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
