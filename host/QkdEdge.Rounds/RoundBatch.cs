namespace QkdEdge.Rounds;

/// <summary>
/// One station's consecutive rounds, as columns. This is what ingest hands to the archive and what the
/// archive hands back to the pipeline; a batch is reused (its arrays are sized once by capacity).
/// </summary>
public sealed class RoundBatch
{
    public RoundBatch(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Settings = new byte[capacity];
        Clicks = new byte[capacity];
        TimeTags = new long[capacity];
    }

    /// <summary>Station that produced the rounds (board id from the wire).</summary>
    public ushort StationId { get; set; }

    /// <summary>Board round index of element 0.</summary>
    public long FirstRound { get; set; }

    /// <summary>Number of valid elements in the columns.</summary>
    public int Count { get; set; }

    public int Capacity => Settings.Length;

    /// <summary>Measurement setting per round (0..alphabet-1).</summary>
    public byte[] Settings { get; }

    /// <summary><see cref="ClickPattern"/> per round.</summary>
    public byte[] Clicks { get; }

    /// <summary>Coarse time tag per round, in board clock ticks.</summary>
    public long[] TimeTags { get; }

    public void CopyFrom(RoundBatch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Count > Capacity)
            throw new ArgumentException($"Batch of {other.Count} rounds does not fit capacity {Capacity}.", nameof(other));
        StationId = other.StationId;
        FirstRound = other.FirstRound;
        Count = other.Count;
        Array.Copy(other.Settings, Settings, other.Count);
        Array.Copy(other.Clicks, Clicks, other.Count);
        Array.Copy(other.TimeTags, TimeTags, other.Count);
    }
}
