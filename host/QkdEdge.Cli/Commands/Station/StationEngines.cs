using QkdEdge.KeyStore;
using QkdEdge.Protocol.Description;
using QkdEdge.Protocol.Reconciliation;
using QkdEdge.Station.Pipeline;
using QkdEdge.Station.Planning;

namespace QkdEdge.Cli.Commands.Station;

/// <summary>The block engine the station commands run: CHSH DI-QKD (VV14) with rate-adaptive LDPC reconciliation.</summary>
internal static class StationEngines
{
    /// <summary>The reconciliation scheme; the planner also measures its efficiency at the expected error rate.</summary>
    public static IKeyReconciliation Reconciliation() => new RateAdaptiveLdpcReconciliation();

    public static Func<SqliteKeyStore, BlockPlan, IBlockEngine> Create() =>
        ProtocolBlockEngine.Factory(Protocols.ChshVaziraniVidick, Reconciliation);
}
