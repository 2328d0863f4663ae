namespace QkdEdge.Ingest.Tests.Support;

/// <summary>Reads a stream to its end and checks every delivered round against what was sent.</summary>
public sealed class DeliveryCheck
{
    private DeliveryCheck(bool[] delivered, IngestCounters counters, List<BoardFrameKind> kinds, int resetsSeen)
    {
        Delivered = delivered;
        Counters = counters;
        Kinds = kinds;
        ResetsSeen = resetsSeen;
    }

    /// <summary>Which sent rounds arrived (each at most once, each equal to what was sent).</summary>
    public bool[] Delivered { get; }

    public int DeliveredCount => Delivered.Count(d => d);

    public IngestCounters Counters { get; }

    public List<BoardFrameKind> Kinds { get; }

    public int ResetsSeen { get; }

    public static DeliveryCheck Run(BoardFrameReader reader, SentRounds sent)
    {
        var delivered = new bool[sent.Count];
        var kinds = new List<BoardFrameKind>();
        int resets = 0;
        while (true)
        {
            BoardFrameKind kind = reader.Read();
            if (kind == BoardFrameKind.EndOfStream)
                break;
            kinds.Add(kind);
            if (reader.ResetDetected)
                resets++;
            if (kind != BoardFrameKind.Rounds)
                continue;

            var batch = reader.Batch;
            for (int i = 0; i < batch.Count; i++)
            {
                long index = batch.FirstRound + i - sent.FirstRound;
                Assert.InRange(index, 0, sent.Count - 1);
                Assert.False(delivered[index], $"round {batch.FirstRound + i} delivered twice");
                delivered[index] = true;
                if (batch.Settings[i] != sent.Settings[index] || batch.Clicks[i] != sent.Clicks[index] || batch.TimeTags[i] != sent.TimeTags[index])
                    Assert.Fail($"round {batch.FirstRound + i} delivered corrupted");
            }
        }

        return new DeliveryCheck(delivered, reader.Counters, kinds, resets);
    }
}
