using System.IO.Ports;
using QkdEdge.Emulator.Board;
using QkdEdge.Emulator.Links;
using QkdEdge.Emulator.Serial;
using QkdEdge.Emulator.Tests.Board.Support;
using QkdEdge.Wire.Framing;
using QkdEdge.Wire.Frames;

namespace QkdEdge.Emulator.Tests.Links;

/// <summary>A board on a real pseudo-terminal, opened by the host with System.IO.Ports (Linux only).</summary>
public sealed class PseudoTerminalLinkTests
{
    [Fact]
    public void PortClosedByHost_OnceTheHostClosesThePort_IsTrue()
    {
        if (!OperatingSystem.IsLinux())
            return; // pseudo-terminals exist on Linux only

        // The run command waits on this before closing a finished link, so that a host still reading is not
        // cut off.
        using var link = EmulatedLink.OverPseudoTerminal();
        Assert.False(link.PortClosedByHost);
        using (var port = new SerialPort(link.PortName!, 2_000_000))
        {
            port.Open();
            Assert.False(link.PortClosedByHost);
        }

        Assert.True(link.PortClosedByHost);
        Assert.Null(EmulatedLink.InMemory().PortClosedByHost);
    }

    [Fact]
    public void PortName_WhenHostSendsHelloOverSerialPort_BoardAnswersAndBacklogDrains()
    {
        if (!OperatingSystem.IsLinux())
            return; // pseudo-terminals exist on Linux only

        using var pair = EmulatedBoardPair.Create(TestRuns.Autostarted(seed: 101, autostart: false), LinkKind.PseudoTerminal, recordGroundTruth: false);
        Assert.StartsWith("/dev/pts/", pair.Alice.Link.PortName);
        Assert.NotEqual(pair.Alice.Link.PortName, pair.Bob.Link.PortName);
        using var port = new SerialPort(pair.Alice.Link.PortName!, 2_000_000) { ReadTimeout = 200, WriteTimeout = 2000 };
        port.Open();
        pair.Start();

        byte[] hello = HostCommands.Single(FrameType.Hello, sequence: 9);
        port.Write(hello, 0, hello.Length);
        var receiver = new FrameReceiver(LinkEnd.Host);
        var types = new List<FrameType>();
        var buffer = new byte[256];
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!types.Contains(FrameType.Ack))
        {
            Assert.True(DateTime.UtcNow < deadline, "no Ack over the pseudo-terminal");
            int read;
            try
            {
                read = port.BaseStream.Read(buffer, 0, buffer.Length);
            }
            catch (TimeoutException)
            {
                continue;
            }

            int offset = 0;
            while (offset < read)
            {
                if (receiver.TryReadFrame(buffer, offset, read - offset, out int consumed))
                {
                    Assert.Equal(FrameError.None, receiver.Error);
                    types.Add(receiver.Type);
                }
                offset += consumed;
            }
        }

        Assert.Equal([FrameType.Info, FrameType.Info, FrameType.Ack], types);
        // The transmit pump counts bytes once the terminal has taken them, which may be a moment after
        // the host already read them: wait for the count, not for a fixed time.
        while (!pair.Alice.Link.IsDrained)
        {
            Assert.True(DateTime.UtcNow < deadline, "the link never reported everything handed to the terminal");
            Thread.Sleep(10);
        }
        Assert.Equal(0, PseudoTerminalBacklog.PendingBytes(pair.Alice.Link.PortName!));
        pair.Stop();
    }
}
