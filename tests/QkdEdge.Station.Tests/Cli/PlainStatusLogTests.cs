using QkdEdge.Cli.Status;
using QkdEdge.Protocol.Engine;
using QkdEdge.Station.Status;
using QkdEdge.Station.Tests.Support;

namespace QkdEdge.Station.Tests.Cli;

/// <summary>The plain log's progress line: what a station is doing, for logs that are not a terminal.</summary>
public sealed class PlainStatusLogTests
{
    [Fact]
    public void ProgressLine_WhileABlockIsProcessed_NamesItsStageAndForHowLong()
    {
        var clock = new ManualClock();
        var status = PlannedTracker.Create(StationRole.Bob, clock);
        status.Processing(4, "protocol: error correction, round trip 2");
        clock.Now += TimeSpan.FromSeconds(3.5);

        string? line = PlainStatusLog.ProgressLine(status.Snapshot());

        Assert.NotNull(line);
        Assert.StartsWith("processing block 4: protocol: error correction, round trip 2 for 3.5 s; 0 keys, 0 aborted;", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_NamesTheBlocksReconciliationEfficiency_WhenErrorCorrectionRan()
    {
        var ran = new BlockSummary(3, "k-000003", true, null, null, 2.8, 2.79, 2.81, 2.77, 0.005, 1_000_000, 1000, "00", 25_000,
            TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1), DateTimeOffset.UnixEpoch, 1.2345);

        Assert.Contains("25kbit disclosed (error correction at f = 1.235);", PlainStatusLog.Describe(ran));
        Assert.DoesNotContain("error correction at", PlainStatusLog.Describe(ran with { ReconciliationEfficiency = double.NaN }));
    }

    [Fact]
    public void ProgressLine_WhenIdle_IsNone()
    {
        var status = PlannedTracker.Create(StationRole.Bob, new ManualClock());
        status.Processing(4, "aligning");
        status.ProcessingDone();

        Assert.Null(PlainStatusLog.ProgressLine(status.Snapshot()));
    }
}
