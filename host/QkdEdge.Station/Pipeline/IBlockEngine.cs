using QkdEdge.Protocol.Engine;

namespace QkdEdge.Station.Pipeline;

/// <summary>
/// The block protocol from aligned rounds to a committed key or an abort (Bell test, sifting, error
/// correction, verification, finite-key length, privacy amplification, two-phase commit into the store).
/// </summary>
public interface IBlockEngine
{
    Task<BlockOutcome> RunAsync(StationRole role, StationBlock block, IBlockChannel channel, CancellationToken cancellationToken);
}
