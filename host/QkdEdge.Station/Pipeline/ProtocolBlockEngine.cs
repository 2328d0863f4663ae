using QkdEdge.KeyStore;
using QkdEdge.Protocol.Description;
using QkdEdge.Protocol.Engine;
using QkdEdge.Protocol.Reconciliation;
using QkdEdge.Station.Planning;

namespace QkdEdge.Station.Pipeline;

/// <summary>The protocol engine (<see cref="BlockEngine"/>) behind the station's <see cref="IBlockEngine"/> seam.</summary>
public sealed class ProtocolBlockEngine : IBlockEngine
{
    private readonly BlockEngine _engine;

    public ProtocolBlockEngine(BlockEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;
    }

    /// <summary>Engines for the station's protocol and plan over its key store, reconciling with <paramref name="reconciliation"/>.</summary>
    public static Func<SqliteKeyStore, BlockPlan, IBlockEngine> Factory(ProtocolDescription protocol, Func<IKeyReconciliation> reconciliation)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        ArgumentNullException.ThrowIfNull(reconciliation);
        return (store, plan) => new ProtocolBlockEngine(new BlockEngine(protocol, plan.Engine, store, reconciliation()));
    }

    public Task<BlockOutcome> RunAsync(StationRole role, StationBlock block, IBlockChannel channel, CancellationToken cancellationToken,
        IProgress<PhaseProgress>? progress = null) =>
        _engine.RunAsync(role, block, channel, cancellationToken, progress);
}
