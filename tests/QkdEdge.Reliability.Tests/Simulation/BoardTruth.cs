using QkdEdge.Ingest;

namespace QkdEdge.Reliability.Tests.Simulation;

/// <summary>What one boot of a board really sent: every round's setting and click pattern, by round index.</summary>
internal sealed class BoardTruth
{
    private BoardTruth(byte[] settings, byte[] clicks) => (Settings, Clicks) = (settings, clicks);

    public byte[] Settings { get; }

    public byte[] Clicks { get; }

    public long Rounds => Settings.Length;

    /// <summary>Decodes the boot's undamaged serial output (the board numbers its rounds 0, 1, 2 ... from boot).</summary>
    public static BoardTruth Decode(byte[] clean)
    {
        var settings = new List<byte>();
        var clicks = new List<byte>();
        var reader = new BoardFrameReader(new MemoryStream(clean, writable: false));
        for (var kind = reader.Read(); kind != BoardFrameKind.EndOfStream; kind = reader.Read())
        {
            if (kind != BoardFrameKind.Rounds)
                continue;
            var batch = reader.Batch;
            if (batch.FirstRound != settings.Count)
                throw new InvalidOperationException($"The emulated board skipped from round {settings.Count} to {batch.FirstRound} on a clean link.");
            settings.AddRange(batch.Settings.AsSpan(0, batch.Count));
            clicks.AddRange(batch.Clicks.AsSpan(0, batch.Count));
        }

        return new BoardTruth([.. settings], [.. clicks]);
    }
}
