using QkdEdge.Emulator.Board;
using QkdEdge.Emulator.Configuration;
using QkdEdge.Emulator.Links;
using QkdEdge.Ingest;
using QkdEdge.Ingest.Serial;
using QkdEdge.Wire.Framing;
using QkdEdge.Wire.Frames;
using Xunit.Abstractions;

namespace QkdEdge.EndToEnd.Tests.Serial;

/// <summary>
/// An emulated board on a Linux pseudo-terminal, configured and started by the host over the wire, its
/// frames read by the host's ingest through System.IO.Ports: the host must get exactly the rounds the
/// board produced. Linux only (elsewhere there are no pseudo-terminals; the test returns).
/// </summary>
public sealed class PseudoTerminalIngestTests(ITestOutputHelper output)
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(10);

    /// <summary>A million rounds, rounded up to whole 120-round batches of the reference board.</summary>
    private const int Rounds = 1_000_080;

    [Fact]
    public void Read_WhenBoardStreamsAMillionRoundsOverAPseudoTerminal_HostGetsExactlyTheBoardsRounds()
    {
        if (!OperatingSystem.IsLinux())
            return;

        // Alice on a pseudo-terminal; Bob has no host (his link drops frames) and is never started,
        // so the source starts as soon as Alice runs.
        var configuration = new EmulatorConfiguration
        {
            Seed = 2026,
            Source = new SourceOptions { StartWhen = SourceStart.AnyBoardRunning },
        };
        using var harness = BoardHarness.Create(RunPlan.Create(configuration), new HarnessOptions
        {
            Links = index => index == 0 ? EmulatedLink.OverPseudoTerminal() : EmulatedLink.Discard(),
        });
        var alice = harness.Boards[0];
        alice.RoundLimit = Rounds;
        using var pump = new HarnessPump(harness);
        pump.Start();

        using var link = SerialBoardLink.Open(new SerialLinkSettings(alice.Link.PortName!, 2_000_000));
        var session = link.Session;
        var received = new HostRounds(Rounds);
        session.FrameObserved = (kind, reader) =>
        {
            if (kind == BoardFrameKind.Rounds)
                received.Append(reader);
        };

        var info = session.Hello(CommandTimeout);
        Assert.Equal("esp32-devkitc-v4", info.GetProfileId());
        Assert.Equal(RunState.Idle, info.State);
        var configure = session.Configure(new ConfigureCommand
        {
            Role = StationRole.Alice,
            AlphabetSize = 3,
            BatchSize = 120,
            GateWidthTicks = 20,
            RoundPeriodTicks = harness.Plan.PulsePeriodTicks,
        }, CommandTimeout);
        Assert.Equal(AckResult.Ok, configure.Result);
        Assert.Equal(AckResult.Ok, session.SendCommand(FrameType.Start, CommandTimeout).Result);

        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!received.IsFull)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {received.Count} rounds arrived; {harness.Describe()}");
            BoardFrameKind kind;
            try
            {
                kind = session.Reader.Read();
            }
            catch (TimeoutException)
            {
                continue;
            }

            Assert.NotEqual(BoardFrameKind.EndOfStream, kind);
            if (kind == BoardFrameKind.Rounds)
                received.Append(session.Reader);
        }

        pump.Stop();
        var counters = session.Reader.Counters;
        output.WriteLine($"{received.Count} rounds, {counters.BytesRead} bytes, {counters.FramesAccepted} frames; {harness.Describe()}");
        Assert.Equal(0, counters.FramesMalformed);
        Assert.Equal(0, counters.FramesLost);
        Assert.Equal(0, counters.RoundsLost);

        var truth = alice.GroundTruth!.Snapshot();
        Assert.True(truth.Count >= Rounds);
        Assert.Equal(truth.Rounds[..Rounds], received.RoundIndices);
        Assert.Equal(truth.Settings[..Rounds], received.Settings);
        Assert.Equal(truth.Clicks[..Rounds], received.Clicks);
        Assert.Equal(truth.TimeTags[..Rounds], received.TimeTags);
    }
}
