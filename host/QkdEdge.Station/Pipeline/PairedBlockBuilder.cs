using QkdEdge.Alignment;
using QkdEdge.Protocol.Engine;
using QkdEdge.Protocol.Planes;
using QkdEdge.Station.Blocks;

namespace QkdEdge.Station.Pipeline;

/// <summary>
/// Builds this station's <see cref="StationBlock"/> from its cut block and the aligned ranges: pair i is the
/// i-th round of the ranges in order, the same at both stations. The paired settings and clicks go straight into
/// bit-planes a piece at a time (a quarter to three eighths of a byte per round), never into a byte-per-round copy
/// of the block. Pure.
/// </summary>
public static class PairedBlockBuilder
{
    /// <param name="alphabet">This station's number of settings in the protocol (Alice's or Bob's inputs).</param>
    public static StationBlock Build(StationRole role, string keyBlockId, ClosedBlock block, IReadOnlyList<AlignedRange> ranges, int alphabet)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(ranges);
        long total = ranges.Sum(r => r.Count);
        if (total > block.Count)
            throw new ArgumentException($"The alignment pairs {total} rounds but the block holds {block.Count}.", nameof(ranges));

        // Where each range's rounds sit in the block, checked once: pair p of range r is block position starts[r] + p - offsets[r].
        var starts = new int[ranges.Count];
        var offsets = new int[ranges.Count + 1];
        for (int r = 0; r < ranges.Count; r++)
        {
            var range = ranges[r];
            long first = role == StationRole.Alice ? range.AliceFirst : range.BobFirst;
            int start = block.Tags.IndexOf(first);
            if (start < 0 || start + range.Count > block.Count || block.Tags.RoundAt((int)(start + range.Count - 1)) != first + range.Count - 1)
                throw new ArgumentException($"Rounds {first}..{first + range.Count - 1} of the alignment are not all in this station's block.", nameof(ranges));
            starts[r] = start;
            offsets[r + 1] = offsets[r] + (int)range.Count;
        }

        int rounds = (int)total;
        var settings = SettingPlanes.FromPieces(alphabet, rounds, (start, destination) => Gather(block.Settings, starts, offsets, start, destination));
        var clicks = ClickPlanes.FromPieces(rounds, (start, destination) => Gather(block.Clicks, starts, offsets, start, destination));
        long firstRound = ranges.Count == 0 ? block.FirstRound : (role == StationRole.Alice ? ranges[0].AliceFirst : ranges[0].BobFirst);
        return new StationBlock(keyBlockId, settings, clicks, firstRound, block.ArchiveHead, block.FirmwareVersion);
    }

    /// <summary>Copies pairs [<paramref name="pair"/>, + destination.Length) of a block column into <paramref name="destination"/>.</summary>
    private static void Gather(byte[] column, int[] starts, int[] offsets, int pair, Span<byte> destination)
    {
        int range = Array.BinarySearch(offsets, pair);
        range = range >= 0 ? range : ~range - 1;
        while (!destination.IsEmpty)
        {
            while (offsets[range + 1] <= pair)
                range++;
            int available = offsets[range + 1] - pair;
            int take = Math.Min(available, destination.Length);
            column.AsSpan(starts[range] + (pair - offsets[range]), take).CopyTo(destination);
            destination = destination[take..];
            pair += take;
        }
    }
}
