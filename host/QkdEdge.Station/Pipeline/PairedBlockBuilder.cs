using QkdEdge.Alignment;
using QkdEdge.Distillation.Bits;
using QkdEdge.Protocol.Engine;
using QkdEdge.Protocol.Planes;
using QkdEdge.Station.Blocks;

namespace QkdEdge.Station.Pipeline;

/// <summary>
/// Builds this station's <see cref="StationBlock"/> from its cut block and the aligned ranges: pair i is the
/// i-th round of the ranges in order, the same at both stations. The cut block's planes are copied range by range
/// into the paired block's planes (bit strings copied at any offset), never through a byte per round; when every
/// round pairs, in one range, the cut block's planes are used as they are. Pure (planes are never written after a
/// block is cut).
/// </summary>
public static class PairedBlockBuilder
{
    /// <param name="alphabet">This station's number of settings in the protocol (Alice's or Bob's inputs).</param>
    public static StationBlock Build(StationRole role, string keyBlockId, ClosedBlock block, IReadOnlyList<AlignedRange> ranges, int alphabet)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(ranges);
        if (block.Settings.Alphabet != alphabet)
            throw new ArgumentException($"The block holds settings of {block.Settings.Alphabet} letters; this station's protocol role has {alphabet}.", nameof(block));
        long total = ranges.Sum(r => r.Count);
        if (total > block.Count)
            throw new ArgumentException($"The alignment pairs {total} rounds but the block holds {block.Count}.", nameof(ranges));

        long firstRound = ranges.Count == 0 ? block.FirstRound : (role == StationRole.Alice ? ranges[0].AliceFirst : ranges[0].BobFirst);
        if (ranges.Count == 1 && total == block.Count && block.Count > 0 && firstRound == block.Tags.RoundAt(0)
            && block.Tags.RoundAt(block.Count - 1) == firstRound + total - 1)
        {
            // Every round of the block paired, in order (a clean link): the block's own planes are the paired block's,
            // shared rather than copied, so a running block of 10^9 rounds is not held twice.
            return new StationBlock(keyBlockId, block.Settings, block.Clicks, firstRound, block.ArchiveHead, block.FirmwareVersion);
        }

        int rounds = (int)total, width = block.Settings.Width;
        var settings = NewPlanes(width, rounds);
        var clicks = NewPlanes(2, rounds);
        long next = 0;
        foreach (var range in ranges)
        {
            long first = role == StationRole.Alice ? range.AliceFirst : range.BobFirst;
            int start = block.Tags.IndexOf(first);
            if (start < 0 || start + range.Count > block.Count || block.Tags.RoundAt((int)(start + range.Count - 1)) != first + range.Count - 1)
                throw new ArgumentException($"Rounds {first}..{first + range.Count - 1} of the alignment are not all in this station's block.", nameof(ranges));
            for (int k = 0; k < width; k++)
                PackedBits.Copy(block.Settings.Plane(k), start, settings[k], next, range.Count);
            PackedBits.Copy(block.Clicks.Detector0, start, clicks[0], next, range.Count);
            PackedBits.Copy(block.Clicks.Detector1, start, clicks[1], next, range.Count);
            next += range.Count;
        }

        return new StationBlock(keyBlockId, SettingPlanes.FromPlanes(alphabet, rounds, settings), ClickPlanes.FromPlanes(rounds, clicks[0], clicks[1]),
            firstRound, block.ArchiveHead, block.FirmwareVersion);
    }

    private static ulong[][] NewPlanes(int count, int rounds)
    {
        var planes = new ulong[count][];
        for (int k = 0; k < count; k++)
            planes[k] = new ulong[PackedBits.WordCount(rounds)];
        return planes;
    }
}
