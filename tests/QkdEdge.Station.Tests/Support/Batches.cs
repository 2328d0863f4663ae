using QkdEdge.Rounds;

namespace QkdEdge.Station.Tests.Support;

/// <summary>Round batches with recognisable contents: setting = round mod 3, clicks = round mod 4, tag = 100 per round.</summary>
internal static class Batches
{
    public static RoundBatch Of(long first, int count, ushort station = 1)
    {
        var batch = new RoundBatch(Math.Max(1, count)) { StationId = station, FirstRound = first, Count = count };
        for (int i = 0; i < count; i++)
        {
            batch.Settings[i] = (byte)((first + i) % 3);
            batch.Clicks[i] = (byte)((first + i) % 4);
            batch.TimeTags[i] = 1000 + (100 * (first + i));
        }

        return batch;
    }
}
