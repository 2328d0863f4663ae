using QkdEdge.Emulator.Board;
using QkdEdge.Emulator.Configuration;
using QkdEdge.Emulator.Links;
using QkdEdge.Emulator.Tests.Board.Support;
using QkdEdge.Wire.Framing;
using QkdEdge.Wire.Frames;

namespace QkdEdge.Emulator.Tests.Links;

/// <summary>In-process links with the boards running on their own thread, as a host test or demo uses them.</summary>
public sealed class InMemoryLinkTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task HostStream_WhenHostSendsHello_BoardAnswersInfoThenAck()
    {
        using var pair = EmulatedBoardPair.Create(TestRuns.Autostarted(seed: 91, autostart: false));
        pair.Start();
        var stream = pair.Alice.Link.HostStream;

        stream.Write(HostCommands.Single(FrameType.Hello, sequence: 5));
        var (types, receiver) = await ReadFramesUntil(stream, FrameType.Ack);

        Assert.Equal([FrameType.Info, FrameType.Info, FrameType.Ack], types); // boot Info, Hello's Info, Ack
        var ack = ReadAck(receiver);
        Assert.Equal(FrameType.Hello, ack.CommandType);
        Assert.Equal(5u, ack.CommandSequence);
        Assert.Equal(AckResult.Ok, ack.Result);
        pair.Stop();
    }

    [Fact]
    public async Task HostStream_WhenHostStartsBothBoards_RoundsMatchTheGroundTruth()
    {
        using var pair = EmulatedBoardPair.Create(TestRuns.Autostarted(seed: 92, autostart: false));
        pair.Start();
        uint period = pair.Harness.Plan.PulsePeriodTicks;
        pair.Alice.Link.HostStream.Write(HostCommands.ConfigureAndStart(StationRole.Alice, 3, period));
        pair.Bob.Link.HostStream.Write(HostCommands.ConfigureAndStart(StationRole.Bob, 2, period));

        // Both links are bounded: a host that stops reading makes the boards wait, and stopping them then
        // aborts the links and drops frames. So both streams are read to their end on tasks while the
        // boards run, and the test only watches Alice's count of rounds frames to decide when to stop.
        var bobReader = Task.Run(() => HostFrames.ReadToEnd(pair.Bob.Link.HostStream));
        var aliceCounter = new RoundsFrameCounter(pair.Alice.Link.HostStream);
        var aliceReader = Task.Run(aliceCounter.ReadToEnd);
        var deadline = DateTime.UtcNow + Patience;
        while (aliceCounter.RoundsFrames < 50)
        {
            Assert.True(DateTime.UtcNow < deadline, "the rounds did not arrive in time");
            await Task.Delay(5);
        }

        pair.Stop();
        pair.Harness.CompleteLinks();
        var alice = HostFrames.Parse(await aliceReader.WaitAsync(Patience));
        var bob = await bobReader.WaitAsync(Patience);
        var aliceTruth = pair.Alice.GroundTruth!.Snapshot();
        Assert.True(alice.RoundCount >= 50 * 120);
        Assert.Equal(aliceTruth.Settings, alice.Settings);
        Assert.Equal(aliceTruth.Clicks, alice.Clicks);
        Assert.Equal(aliceTruth.TimeTags, alice.TimeTags);
        Assert.Equal(pair.Bob.GroundTruth!.Snapshot().Clicks, bob.Clicks);
    }

    /// <summary>Reads a host stream to its end, keeping the bytes and counting rounds frames as they arrive.</summary>
    private sealed class RoundsFrameCounter(Stream stream)
    {
        private int _roundsFrames;

        public int RoundsFrames => Volatile.Read(ref _roundsFrames);

        public byte[] ReadToEnd()
        {
            var bytes = new MemoryStream();
            var buffer = new byte[4096];
            var receiver = new FrameReceiver(LinkEnd.Host);
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                bytes.Write(buffer, 0, read);
                int offset = 0;
                while (offset < read)
                {
                    if (receiver.TryReadFrame(buffer, offset, read - offset, out int consumed) && receiver.Type == FrameType.Rounds)
                        Interlocked.Increment(ref _roundsFrames);
                    offset += consumed;
                }
            }

            return bytes.ToArray();
        }
    }

    [Fact]
    public async Task HostStream_WhenHostClosesAndReopens_BoardStillAnswers()
    {
        using var pair = EmulatedBoardPair.Create(TestRuns.Autostarted(seed: 95, autostart: false));
        pair.Start();
        var first = pair.Alice.Link.HostStream;
        first.Write(HostCommands.Single(FrameType.Hello, sequence: 1));
        var (before, _) = await ReadFramesUntil(first, FrameType.Ack);

        // Closing the port releases a blocked read and leaves the link open.
        var blocked = Task.Run(() => first.Read(new byte[16], 0, 16));
        await Task.Delay(50);
        first.Dispose();
        Assert.Equal(0, await blocked.WaitAsync(Patience));

        var second = pair.Alice.Link.HostStream;
        Assert.NotSame(first, second);
        second.Write(HostCommands.Single(FrameType.Hello, sequence: 2));
        var (after, receiver) = await ReadFramesUntil(second, FrameType.Ack);

        Assert.Equal([FrameType.Info, FrameType.Info, FrameType.Ack], before);
        Assert.Equal([FrameType.Info, FrameType.Ack], after);
        Assert.Equal(2u, ReadAck(receiver).CommandSequence);
        pair.Stop();
    }

    [Fact]
    public void HostStream_WhenNothingArrivesWithinReadTimeout_ThrowsTimeoutException()
    {
        // No pump: the boards never boot, so nothing is ever sent.
        using var pair = EmulatedBoardPair.Create(TestRuns.Autostarted(seed: 93, autostart: false));
        var stream = pair.Alice.Link.HostStream;
        Assert.True(stream.CanTimeout);
        stream.ReadTimeout = 50;

        Assert.Throws<TimeoutException>(() => stream.Read(new byte[16], 0, 16));
    }

    [Fact]
    public void HostStream_WhenLinkCompletedAndRead_ReturnsEverythingThenEndOfStream()
    {
        using var harness = TestRuns.Run(TestRuns.Autostarted(seed: 94), 1200);
        var stream = harness.Boards[0].Link.HostStream;
        stream.ReadTimeout = 1000;
        long total = 0;
        int read;
        var buffer = new byte[7]; // small reads: leftovers must come back at once, not wait for more bytes
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            total += read;

        Assert.Equal(harness.Boards[0].Link.BytesSent, total);
        Assert.True(harness.Boards[0].Link.IsDrained);
    }

    private static AckFrame ReadAck(FrameReceiver receiver)
    {
        var ack = new AckFrame();
        Assert.Equal(FrameError.None, ack.ReadPayload(receiver.Frame, receiver.PayloadOffset, receiver.PayloadLength, out _));
        return ack;
    }

    private static async Task<(List<FrameType> Types, FrameReceiver Receiver)> ReadFramesUntil(Stream stream, FrameType last)
    {
        var types = new List<FrameType>();
        var local = new FrameReceiver(LinkEnd.Host);
        var buffer = new byte[1];
        var reading = Task.Run(() =>
        {
            while (stream.Read(buffer, 0, 1) == 1)
            {
                if (!local.TryReadFrame(buffer, 0, 1, out _))
                    continue;
                Assert.Equal(FrameError.None, local.Error);
                types.Add(local.Type);
                if (local.Type == last)
                    return;
            }
        });
        await reading.WaitAsync(Patience);
        return (types, local);
    }
}
