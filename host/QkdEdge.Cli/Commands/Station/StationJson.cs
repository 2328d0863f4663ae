using System.Text.Json;
using QkdEdge.Protocol.Engine;
using QkdEdge.Station.Status;

namespace QkdEdge.Cli.Commands.Station;

/// <summary>One finished block as one JSON line (<c>qkdedge station --json</c>).</summary>
internal static class StationJson
{
    private static readonly object Gate = new();

    public static void WriteBlock(TextWriter output, StationRole role, BlockSummary b)
    {
        string line = JsonSerializer.Serialize(new
        {
            station = role.ToString().ToLowerInvariant(),
            block = b.BlockId,
            keyBlockId = b.KeyBlockId,
            key = b.ProducedKey,
            abortCause = b.AbortCause,
            detail = b.Detail,
            bits = b.KeyBits,
            sha256 = b.KeySha256,
            chsh = Finite(b.Chsh),
            chshLower = Finite(b.ChshLower),
            chshUpper = Finite(b.ChshUpper),
            chshThreshold = Finite(b.ChshThreshold),
            qber = Finite(b.ErrorRate),
            pairedRounds = b.PairedRounds,
            leakedBits = b.LeakedBits,
            collectionSeconds = b.CollectionTime.TotalSeconds,
            processingSeconds = b.ProcessingTime.TotalSeconds,
            protocolSeconds = b.ProtocolTime.TotalSeconds,
            finishedAt = b.FinishedAt,
        });
        lock (Gate)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }

    /// <summary>JSON has no NaN: a statistic the block never reached is null.</summary>
    public static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
