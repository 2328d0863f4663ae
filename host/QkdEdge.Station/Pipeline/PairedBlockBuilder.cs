using QkdEdge.Alignment;
using QkdEdge.Protocol.Engine;
using QkdEdge.Station.Blocks;

namespace QkdEdge.Station.Pipeline;

/// <summary>
/// Builds this station's <see cref="StationBlock"/> from its cut block and the aligned ranges: pair i is the
/// i-th round of the ranges in order, the same at both stations. Pure.
/// </summary>
public static class PairedBlockBuilder
{
    public static StationBlock Build(StationRole role, string keyBlockId, ClosedBlock block, IReadOnlyList<AlignedRange> ranges)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(ranges);
        long total = ranges.Sum(r => r.Count);
        if (total > block.Count)
            throw new ArgumentException($"The alignment pairs {total} rounds but the block holds {block.Count}.", nameof(ranges));
        var settings = new byte[total];
        var clicks = new byte[total];
        int next = 0;
        foreach (var range in ranges)
        {
            long first = role == StationRole.Alice ? range.AliceFirst : range.BobFirst;
            int start = block.Tags.IndexOf(first);
            if (start < 0 || start + range.Count > block.Count || block.Tags.RoundAt((int)(start + range.Count - 1)) != first + range.Count - 1)
                throw new ArgumentException($"Rounds {first}..{first + range.Count - 1} of the alignment are not all in this station's block.", nameof(ranges));
            block.Settings.AsSpan(start, (int)range.Count).CopyTo(settings.AsSpan(next));
            block.Clicks.AsSpan(start, (int)range.Count).CopyTo(clicks.AsSpan(next));
            next += (int)range.Count;
        }

        long firstRound = ranges.Count == 0 ? block.FirstRound : (role == StationRole.Alice ? ranges[0].AliceFirst : ranges[0].BobFirst);
        return new StationBlock(keyBlockId, settings, clicks, firstRound, block.ArchiveHead, block.FirmwareVersion);
    }
}
