using System.Reflection;
using Microsoft.Data.Sqlite;
using QkdEdge.KeyStore;
using QkdEdge.Protocol.Description;
using QkdEdge.Protocol.Engine;
using QkdEdge.Protocol.Reconciliation;

namespace QkdEdge.Reliability.Tests.Simulation;

/// <summary>How one block ended at one station, as the simulation saw it.</summary>
internal enum StationEnd
{
    Key,
    Aborted,
    SettlementPending,
    Killed,
    StoreFailed,
    /// <summary>The engine threw something else, or hung past the time limit: a bug, reported as an invariant violation.</summary>
    Crashed,
}

/// <summary>How one block ended at both stations; a station that reported a key also reports its SHA-256.</summary>
internal sealed record BlockResult(string BlockId, StationEnd Alice, StationEnd Bob, BlockAbortCause AliceCause, BlockAbortCause BobCause,
    string? AliceKeySha256 = null, string? BobKeySha256 = null);

/// <summary>
/// Both stations' block engines and key stores. Every block is its own peer session: the stations settle
/// staged keys first (KeySettlement), then run the block. A killed host or a store that refused a write is
/// restarted before the next session: its store is closed and reopened from disk, nothing else survives.
/// </summary>
internal sealed class KeyExchange(string folder, EngineSettings settings, IKeyReconciliation reconciliation, int seed) : IDisposable
{
    private static readonly FieldInfo StoreConnection = typeof(SqliteKeyStore).GetField("_connection", BindingFlags.NonPublic | BindingFlags.Instance)
        ?? throw new InvalidOperationException("SqliteKeyStore has no connection field to fill up.");

    private readonly string _alicePath = Path.Combine(folder, "alice-keys.db");
    private readonly string _bobPath = Path.Combine(folder, "bob-keys.db");
    private SqliteKeyStore? _alice;
    private SqliteKeyStore? _bob;
    private int _sessions;

    public List<BlockResult> Results { get; } = [];

    public int Restarts { get; private set; }

    /// <summary>Key-store writes refused because the store's disk was full.</summary>
    public int StoreFullFailures { get; private set; }

    public SqliteKeyStore AliceStore => _alice ??= SqliteKeyStore.Open(_alicePath);

    public SqliteKeyStore BobStore => _bob ??= SqliteKeyStore.Open(_bobPath);

    public async Task RunBlockAsync(StationBlock alice, StationBlock bob, PeerFault? fault)
    {
        await SettleAsync();
        bool aliceRestart = false, bobRestart = false;
        var link = new SimulatedPeerLink(fault) { KeyStoreFull = atAlice => FillUp(atAlice ? AliceStore : BobStore) };
        var protocol = Protocols.ChshVaziraniVidick;
        var aliceEngine = new BlockEngine(protocol, settings, AliceStore, reconciliation, new SeededRandomNumberGenerator(seed * 31 + _sessions));
        var bobEngine = new BlockEngine(protocol, settings, BobStore, reconciliation, new SeededRandomNumberGenerator(seed * 37 + _sessions));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var aliceRun = RunAsync(() => aliceEngine.RunAsync(StationRole.Alice, alice, link.Alice, timeout.Token), link, () => aliceRestart = true);
        var bobRun = RunAsync(() => bobEngine.RunAsync(StationRole.Bob, bob, link.Bob, timeout.Token), link, () => bobRestart = true);
        // A station whose engine has finished ends its session (bye), and the block at the other station is
        // aborted, as the peer session does; an engine that aborted without telling its peer cannot strand it.
        await Task.WhenAny(aliceRun, bobRun);
        link.Fail("peer session ended by the other station");
        var (aliceEnd, aliceCause, aliceSha) = await aliceRun;
        var (bobEnd, bobCause, bobSha) = await bobRun;
        StoreFullFailures += (aliceEnd == StationEnd.StoreFailed ? 1 : 0) + (bobEnd == StationEnd.StoreFailed ? 1 : 0);
        Results.Add(new BlockResult(alice.BlockId, aliceEnd, bobEnd, aliceCause, bobCause, aliceSha, bobSha));
        if (aliceRestart)
            Restart(ref _alice);
        if (bobRestart)
            Restart(ref _bob);
    }

    /// <summary>One peer session that only settles: what the stations do when they reconnect, and at the end of a run.</summary>
    public async Task SettleAsync()
    {
        _sessions++;
        var link = new SimulatedPeerLink(null);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var alice = KeySettlement.SettleAsAliceAsync(AliceStore, link.Alice, timeout.Token);
        var bob = KeySettlement.SettleAsBobAsync(BobStore, link.Bob, timeout.Token);
        await Task.WhenAll(alice, bob);
    }

    public void Dispose()
    {
        _alice?.Dispose();
        _bob?.Dispose();
    }

    private static async Task<(StationEnd, BlockAbortCause, string?)> RunAsync(Func<Task<BlockOutcome>> run, SimulatedPeerLink link, Action restart)
    {
        try
        {
            var outcome = await Task.Run(run);
            return outcome.IsKey ? (StationEnd.Key, BlockAbortCause.None, outcome.KeySha256)
                : outcome.Cause == BlockAbortCause.SettlementPending ? (StationEnd.SettlementPending, outcome.Cause, null)
                : (StationEnd.Aborted, outcome.Cause, null);
        }
        catch (HostKilledException)
        {
            restart();
            return (StationEnd.Killed, BlockAbortCause.None, null);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == SqliteFull)
        {
            // The store refused the write (disk full): the host reports it, drops the session and restarts
            // once the operator has made room.
            link.Fail("peer link lost: the other station's key store failed: " + ex.Message);
            restart();
            return (StationEnd.StoreFailed, BlockAbortCause.None, null);
        }
        catch (Exception ex)
        {
            link.Fail("peer link lost: the other station failed");
            restart();
            Console.Error.WriteLine(ex);
            return (StationEnd.Crashed, BlockAbortCause.None, null);
        }
    }

    /// <summary>SQLite's result code for "database or disk is full" (SQLITE_FULL).</summary>
    private const int SqliteFull = 13;

    /// <summary>
    /// Disk full: the store's file may not grow any more (SQLite's max_page_count at the current size), so every
    /// write that needs a new page fails part way with SQLITE_FULL and is rolled back, as on a full disk; writes
    /// that fit in pages the file already has still succeed, as they would there. The limit belongs to the
    /// store's connection, which the store does not expose, hence the reflection; reopening the store (the host
    /// restarting after the operator made room) lifts it.
    /// </summary>
    private static void FillUp(SqliteKeyStore store)
    {
        var connection = (SqliteConnection)StoreConnection.GetValue(store)!;
        using var size = connection.CreateCommand();
        size.CommandText = "PRAGMA page_count;";
        long pages = (long)size.ExecuteScalar()!;
        using var limit = connection.CreateCommand();
        limit.CommandText = FormattableString.Invariant($"PRAGMA max_page_count = {pages};");
        limit.ExecuteNonQuery();
    }

    private void Restart(ref SqliteKeyStore? store)
    {
        Restarts++;
        store?.Dispose();
        store = null;
    }
}
