using QkdEdge.KeyStore;
using QkdEdge.Protocol.Description;
using QkdEdge.Protocol.Reconciliation;
using QkdEdge.Station.Pipeline;
using QkdEdge.Station.Planning;

namespace QkdEdge.Cli.Commands.Station;

/// <summary>The block engine the station commands run: CHSH DI-QKD (VV14) with rate-adaptive LDPC reconciliation.</summary>
internal static class StationEngines
{
    /// <summary>
    /// The reconciliation scheme, Bob decoding up to <paramref name="decodingThreads"/> frames at once; the planner also
    /// measures its efficiency at the expected error rate.
    /// </summary>
    public static IKeyReconciliation Reconciliation(int decodingThreads) => new RateAdaptiveLdpcReconciliation(decodingThreads);

    public static Func<SqliteKeyStore, BlockPlan, IBlockEngine> Create(int decodingThreads) =>
        ProtocolBlockEngine.Factory(Protocols.ChshVaziraniVidick, () => Reconciliation(decodingThreads));
}
