using QkdEdge.Ingest.Serial;
using QkdEdge.Ingest.Tests.Support;
using QkdEdge.Wire.Framing;
using QkdEdge.Wire.Frames;

namespace QkdEdge.Ingest.Tests.Serial;

public sealed class SerialBoardLinkTests
{
    [LinuxFact]
    public void Open_WhenPortDoesNotExist_ThrowsPortNotFoundNamingIt()
    {
        var error = Assert.Throws<WireSessionException>(() => SerialBoardLink.Open(new SerialLinkSettings("/dev/ttyQKDEDGE-NONE", 115_200)));
        Assert.Equal(WireSessionFailure.PortNotFound, error.Failure);
        Assert.Contains("/dev/ttyQKDEDGE-NONE", error.Message);
        Assert.Contains("does not exist", error.Message);
    }

    [LinuxFact]
    public void Open_WhenPathIsNotASerialDevice_ThrowsPortOpenFailed()
    {
        var error = Assert.Throws<WireSessionException>(() => SerialBoardLink.Open(new SerialLinkSettings("/dev/null", 115_200)));
        Assert.Equal(WireSessionFailure.PortOpenFailed, error.Failure);
        Assert.Contains("not a serial device", error.Message);
    }

    [Fact]
    public void Describe_WhenSystemDeniesPermission_SaysHowToGetAccess()
    {
        // Tests run as any user (often root, where permissions cannot be provoked), so the mapping is
        // checked on the exception Linux's serial port gives for EACCES.
        var thrown = new UnauthorizedAccessException("Access to the port '/dev/ttyUSB0' is denied.", new IOException("Permission denied"));
        WireSessionException error = SerialPortErrors.Describe("/dev/ttyUSB0", thrown, portExists: true, ["/dev/ttyUSB0"]);
        Assert.Equal(WireSessionFailure.PortAccessDenied, error.Failure);
        Assert.Contains("dialout", error.Message);
    }

    [Fact]
    public void Describe_WhenPortIsMissing_ListsAvailablePorts()
    {
        WireSessionException error = SerialPortErrors.Describe("/dev/ttyUSB9", new UnauthorizedAccessException("denied"), portExists: false, ["/dev/ttyUSB0", "/dev/ttyACM0"]);
        Assert.Equal(WireSessionFailure.PortNotFound, error.Failure);
        Assert.Contains("/dev/ttyUSB0, /dev/ttyACM0", error.Message);
    }

    [LinuxFact]
    public void Session_WhenBoardIsOnAPseudoTerminal_ExchangesCommandsAndRounds()
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        using SerialBoardLink link = SerialBoardLink.Open(new SerialLinkSettings(pty.DevicePath, 115_200));
        SentRounds rounds = SentRounds.Realistic(9, 0, 5000, 2, 500);
        var board = new ScriptedBoard { AlphabetSize = 2, Period = 500, BatchSize = 1000 };

        // The board's side: answer the Hello, then stream rounds.
        var boardThread = new Thread(() =>
        {
            var receiver = new FrameReceiver(LinkEnd.Board);
            var buffer = new byte[256];
            while (true)
            {
                int n = pty.Controller.Read(buffer, 0, buffer.Length);
                if (receiver.TryReadFrame(buffer, 0, n, out _) && receiver.Error == FrameError.None)
                    break;
            }

            board.Info().Ack(receiver.Type, receiver.Sequence).Rounds(rounds);
            pty.Controller.Write(board.Bytes);
            pty.Controller.Flush();
        });
        boardThread.Start();

        InfoFrame info = link.Session.Hello(TimeSpan.FromSeconds(5));
        Assert.Equal("esp32-devkitc", info.GetProfileId());

        var reader = link.Session.Reader;
        long delivered = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (delivered < rounds.Count && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            try
            {
                if (reader.Read() != BoardFrameKind.Rounds)
                    continue;
            }
            catch (TimeoutException)
            {
                continue; // the port's read timeout: keep polling until the deadline
            }

            for (int i = 0; i < reader.Batch.Count; i++)
                Assert.Equal(rounds.TimeTags[reader.Batch.FirstRound + i], reader.Batch.TimeTags[i]);
            delivered += reader.Batch.Count;
        }

        boardThread.Join();
        Assert.Equal(rounds.Count, delivered);
        Assert.Equal(0, reader.Counters.FramesMalformed);
    }
}
