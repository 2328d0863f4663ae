using System.Diagnostics;
using System.Security.Cryptography;
using QkdEdge.KeyStore;
using QkdEdge.Protocol.Description;
using QkdEdge.Protocol.Messages;
using QkdEdge.Protocol.Reconciliation;
using QkdEdge.Protocol.Statistics;

namespace QkdEdge.Protocol.Engine;

/// <summary>
/// Runs one block of the protocol at one station, talking to the other station through an authenticated
/// channel (docs/protocol-engine.md). Alice leads; both stations compute the same counts from the same
/// revealed data and therefore reach the same decisions. A key reaches the store only through the
/// two-phase commit at the end; an abort, a tampered message or a malformed payload leaves nothing.
/// </summary>
public sealed partial class BlockEngine
{
    private readonly ProtocolDescription _protocol;
    private readonly EngineSettings _settings;
    private readonly SqliteKeyStore _store;
    private readonly IKeyReconciliation _reconciliation;
    private readonly RandomNumberGenerator _random;

    public BlockEngine(ProtocolDescription protocol, EngineSettings settings, SqliteKeyStore store, IKeyReconciliation reconciliation,
        RandomNumberGenerator? random = null)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(reconciliation);
        if (!settings.TryValidate(out var error))
            throw new ArgumentException($"Engine settings: {error}", nameof(settings));
        _protocol = protocol;
        _settings = settings;
        _store = store;
        _reconciliation = reconciliation;
        _random = random ?? RandomNumberGenerator.Create();
    }

    public ProtocolDescription Protocol => _protocol;
    public EngineSettings Settings => _settings;

    /// <summary>
    /// Runs the block as <paramref name="role"/>; never throws for data-dependent outcomes. <paramref name="progress"/>
    /// hears each phase as it starts, on the engine's own thread (a block of 10^9 rounds spends tens of seconds here,
    /// and a station's status shows where).
    /// </summary>
    /// <remarks>
    /// Not async itself: an async method keeps its parameters for as long as it runs, and the block's planes (half a
    /// gigabyte at 10^9 rounds) are needed only until sifting. The run holds them until then (<see cref="BlockRun"/>).
    /// </remarks>
    public Task<BlockOutcome> RunAsync(StationRole role, StationBlock block, IBlockChannel channel, CancellationToken cancellationToken,
        IProgress<PhaseProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(channel);
        int alphabet = role == StationRole.Alice ? _protocol.AliceInputs : _protocol.BobInputs;
        if (block.Settings.Alphabet != alphabet || block.Clicks.Rounds != block.Rounds)
            throw new ArgumentException(
                $"A {role} block of {_protocol.Name} needs settings of {alphabet} letters and a click pattern per round; this one has {block.Settings.Alphabet} letters, {block.Rounds} settings and {block.Clicks.Rounds} click patterns.", nameof(block));
        return RunAsync(role, new BlockRun(this, role, block, channel, progress, cancellationToken));
    }

    private async Task<BlockOutcome> RunAsync(StationRole role, BlockRun run)
    {
        var watch = Stopwatch.StartNew();
        BlockOutcome outcome;
        try
        {
            outcome = role == StationRole.Alice ? await run.AliceAsync().ConfigureAwait(false) : await run.BobAsync().ConfigureAwait(false);
        }
        catch (ChannelTamperedException ex)
        {
            outcome = run.Abort(BlockAbortCause.ChannelTampered, ex.Message);
        }
        catch (MalformedPayloadException ex)
        {
            outcome = run.Abort(BlockAbortCause.Inconsistent, "peer sent a malformed message: " + ex.Message);
            await run.TryTellPeerAsync(outcome).ConfigureAwait(false); // the peer must not wait for a reply that never comes
        }
        catch (BlockAbortedByPeerException ex)
        {
            outcome = run.Abort(BlockAbortCause.PeerAborted, ex.Message);
        }

        if (!outcome.IsKey && run.AwaitingCommit)
        {
            // Alice may already have committed: keep the staged key for settlement, never discard it here.
            outcome = outcome with { Cause = BlockAbortCause.SettlementPending, Detail = "key staged, commit not received: " + outcome.Detail };
        }
        else if (!outcome.IsKey)
        {
            _store.Discard(run.BlockId); // nothing of an aborted block stays, not even a staged key
        }
        return outcome with { Elapsed = watch.Elapsed };
    }
}

/// <summary>The peer sent <see cref="BlockMessageKind.Abort"/>.</summary>
internal sealed class BlockAbortedByPeerException(string message) : Exception(message);
