using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace QkdEdge.Delivery;

/// <summary>
/// Decides which SAE link each committed block serves, the same way at both stations and without
/// talking: rendezvous (highest random weight) hashing over the configured links, scoring each link
/// by SHA-256 of (link name, block id). A block serves one link only, so two links never hand out
/// the same bits, and only the link's master side draws fresh keys from it; adding or removing a
/// link moves only the blocks that the change must move.
/// </summary>
public sealed class LinkAssignment
{
    private readonly IReadOnlyList<SaeLink> _links;

    public LinkAssignment(IReadOnlyList<SaeLink> links)
    {
        ArgumentNullException.ThrowIfNull(links);
        if (links.Count == 0)
            throw new ArgumentException("At least one SAE link is needed.", nameof(links));
        if (links.Select(l => l.Name).Distinct().Count() != links.Count)
            throw new ArgumentException("Each SAE link may be configured once.", nameof(links));
        _links = links;
    }

    public SaeLink LinkOf(string blockId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(blockId);
        var best = _links[0];
        var bestScore = Score(best, blockId);
        for (var i = 1; i < _links.Count; i++)
        {
            var score = Score(_links[i], blockId);
            if (score > bestScore || (score == bestScore && string.CompareOrdinal(_links[i].Name, best.Name) < 0))
                (best, bestScore) = (_links[i], score);
        }
        return best;
    }

    /// <summary>A filter for the ledger: true for blocks that serve <paramref name="link"/>.</summary>
    public Func<string, bool> Serves(SaeLink link) => blockId => LinkOf(blockId) == link;

    private static ulong Score(SaeLink link, string blockId)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(link.Name + "\n\n" + blockId), hash);
        return BinaryPrimitives.ReadUInt64BigEndian(hash);
    }
}
