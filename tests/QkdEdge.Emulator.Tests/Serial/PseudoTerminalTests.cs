using System.IO.Ports;
using QkdEdge.Emulator.Serial;

namespace QkdEdge.Emulator.Tests.Serial;

public sealed class PseudoTerminalTests
{
    [Fact]
    public void SlavePath_WhenOpenedAsSerialPort_CarriesEveryByteValueBothWays()
    {
        if (!OperatingSystem.IsLinux())
            return; // pseudo-terminals exist on Linux only; other platforms use the in-memory link

        using var pty = PseudoTerminal.Open();
        Assert.StartsWith("/dev/pts/", pty.SlavePath);
        using var port = new SerialPort(pty.SlavePath, 921_600) { ReadTimeout = 2000, WriteTimeout = 2000 };
        port.Open();

        // Every byte value, including 0x00, CR, LF, XON/XOFF and the terminal's control characters,
        // must pass untranslated: frames are binary.
        var sent = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        pty.Master.Write(sent);
        pty.Master.Flush();
        Assert.Equal(sent, ReadExactly(port.BaseStream, sent.Length));

        var reply = sent.Reverse().ToArray();
        port.Write(reply, 0, reply.Length);
        Assert.Equal(reply, ReadExactly(pty.Master, reply.Length));
    }

    private static byte[] ReadExactly(Stream stream, int count)
    {
        var buffer = new byte[count];
        int read = 0;
        while (read < count)
        {
            int n = stream.Read(buffer, read, count - read);
            Assert.True(n > 0, "stream ended early");
            read += n;
        }
        return buffer;
    }
}
