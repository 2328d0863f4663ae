using QkdEdge.Ingest;

namespace QkdEdge.EndToEnd.Tests.Serial;

/// <summary>Rounds the host's frame reader handed out, appended batch by batch into columns.</summary>
internal sealed class HostRounds(int capacity)
{
    public long[] RoundIndices { get; } = new long[capacity];

    public byte[] Settings { get; } = new byte[capacity];

    public byte[] Clicks { get; } = new byte[capacity];

    public long[] TimeTags { get; } = new long[capacity];

    public int Count { get; private set; }

    /// <summary>Appends the reader's current batch (as many rounds as still fit).</summary>
    public void Append(BoardFrameReader reader)
    {
        var batch = reader.Batch;
        int take = Math.Min(batch.Count, RoundIndices.Length - Count);
        for (int i = 0; i < take; i++)
            RoundIndices[Count + i] = batch.FirstRound + i;
        batch.Settings.AsSpan(0, take).CopyTo(Settings.AsSpan(Count));
        batch.Clicks.AsSpan(0, take).CopyTo(Clicks.AsSpan(Count));
        batch.TimeTags.AsSpan(0, take).CopyTo(TimeTags.AsSpan(Count));
        Count += take;
    }

    public bool IsFull => Count == RoundIndices.Length;
}
