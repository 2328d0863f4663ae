using QkdEdge.EndToEnd.Tests.Serial;
using QkdEdge.Emulator.Board;
using QkdEdge.Emulator.Configuration;
using QkdEdge.Ingest;
using QkdEdge.Wire.Framing;
using QkdEdge.Wire.Frames;
using Xunit.Abstractions;

namespace QkdEdge.EndToEnd.Tests.InProcess;

/// <summary>
/// The in-process API as host tests and the demo use it: an emulated board pair on in-memory links,
/// driven by the host's own session code (Hello, Configure, Start), compared with the ground truth.
/// </summary>
public sealed class BoardPairSessionTests(ITestOutputHelper output)
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Session_WhenHostDrivesBothBoardsInMemory_ReceivesTheGroundTruthRounds()
    {
        const int rounds = 60_000;
        using var pair = EmulatedBoardPair.Create(new EmulatorConfiguration { Seed = 77 });
        pair.Alice.RoundLimit = rounds;
        pair.Bob.RoundLimit = rounds;
        pair.Start();

        var alice = Task.Run(() => Drive(pair.Alice, StationRole.Alice, 3, pair.Harness.Plan.PulsePeriodTicks, rounds));
        var bob = Task.Run(() => Drive(pair.Bob, StationRole.Bob, 2, pair.Harness.Plan.PulsePeriodTicks, rounds));
        var (aliceRounds, bobRounds) = (await alice.WaitAsync(TimeSpan.FromSeconds(60)), await bob.WaitAsync(TimeSpan.FromSeconds(60)));
        pair.Stop();

        foreach (var (board, received) in new[] { (pair.Alice, aliceRounds), (pair.Bob, bobRounds) })
        {
            var truth = board.GroundTruth!.Snapshot();
            Assert.Equal(truth.Rounds, received.RoundIndices);
            Assert.Equal(truth.Settings, received.Settings);
            Assert.Equal(truth.Clicks, received.Clicks);
            Assert.Equal(truth.TimeTags, received.TimeTags);
        }

        // Both boards met the same pulses round by round (the source waited for both to run).
        Assert.Equal(pair.Alice.GroundTruth!.Snapshot().Pulses, pair.Bob.GroundTruth!.Snapshot().Pulses);
        output.WriteLine(pair.Harness.Describe());
    }

    private static HostRounds Drive(EmulatedBoard board, StationRole role, int alphabet, uint period, int rounds)
    {
        var stream = board.Link.HostStream;
        stream.ReadTimeout = 100; // as a serial port's: bounds each wait so command timeouts hold
        var session = new BoardSession(stream);
        var received = new HostRounds(rounds);
        session.FrameObserved = (kind, reader) =>
        {
            if (kind == BoardFrameKind.Rounds)
                received.Append(reader);
        };

        var info = session.Hello(CommandTimeout);
        Assert.Equal(board.Firmware.BootId, info.BootId);
        var configure = new ConfigureCommand { Role = role, AlphabetSize = alphabet, BatchSize = 120, GateWidthTicks = 20, RoundPeriodTicks = period };
        Assert.Equal(AckResult.Ok, session.Configure(configure, CommandTimeout).Result);
        Assert.Equal(AckResult.Ok, session.SendCommand(FrameType.Start, CommandTimeout).Result);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!received.IsFull)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{board.Name}: {received.Count} rounds arrived");
            try
            {
                if (session.Reader.Read() == BoardFrameKind.Rounds)
                    received.Append(session.Reader);
            }
            catch (TimeoutException)
            {
            }
        }

        return received;
    }
}
