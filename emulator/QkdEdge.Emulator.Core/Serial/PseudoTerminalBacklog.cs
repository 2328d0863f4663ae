using System.Runtime.InteropServices;

namespace QkdEdge.Emulator.Serial;

/// <summary>
/// How many bytes wait on a pseudo-terminal's slave side for the host to read them. Closing the master
/// hangs the terminal up and discards that backlog, so an emulator that stops on its own waits for it
/// to reach zero first. Opens the slave path briefly (non-blocking, never as a controlling terminal)
/// and asks with ioctl FIONREAD (Linux tty_ioctl(4)); .NET has no call for it.
/// </summary>
public static partial class PseudoTerminalBacklog
{
    private const int O_RDONLY = 0x0;
    private const int O_NOCTTY = 0x100;
    private const int O_NONBLOCK = 0x800;
    private const int O_CLOEXEC = 0x80000;
    private const nuint FIONREAD = 0x541B;

    /// <summary>Bytes waiting to be read at <paramref name="slavePath"/>, or -1 if the terminal cannot be asked.</summary>
    public static int PendingBytes(string slavePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(slavePath);
        if (!OperatingSystem.IsLinux())
            return -1;
        int fd = Open(slavePath, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0)
            return -1;
        try
        {
            return Ioctl(fd, FIONREAD, out int pending) == 0 ? pending : -1;
        }
        finally
        {
            Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int Ioctl(int fd, nuint request, out int value);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
