using System.ComponentModel;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace QkdEdge.Emulator.Serial;

/// <summary>
/// A Linux pseudo-terminal pair: the emulator holds the master side, and the host opens the slave path
/// (for example /dev/pts/5) with System.IO.Ports exactly as it would open a USB-serial bridge. Written
/// against libc directly because .NET has no pseudo-terminal API; the calls are the POSIX ones
/// (posix_openpt, grantpt, unlockpt, ptsname_r) plus cfmakeraw so that no byte is translated.
/// </summary>
public sealed partial class PseudoTerminal : IDisposable
{
    private const int O_RDWR = 0x2;
    private const int O_NOCTTY = 0x100;
    private const int TCSANOW = 0;
    // struct termios on Linux (glibc): 4 x tcflag_t, c_line, c_cc[32], c_ispeed, c_ospeed = 60 bytes.
    private const int TermiosSize = 60;

    private readonly SafeFileHandle _master;
    private readonly FileStream _stream;

    private PseudoTerminal(SafeFileHandle master, string slavePath)
    {
        _master = master;
        SlavePath = slavePath;
        _stream = new FileStream(master, FileAccess.ReadWrite, bufferSize: 0, isAsync: false);
    }

    /// <summary>The path the host opens as a serial port.</summary>
    public string SlavePath { get; }

    /// <summary>The master side: what the emulated board writes (frames) and reads (commands).</summary>
    public Stream Master => _stream;

    public static PseudoTerminal Open()
    {
        if (!OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException("Pseudo-terminals are available on Linux only; use the in-memory link elsewhere.");
        int fd = posix_openpt(O_RDWR | O_NOCTTY);
        if (fd < 0)
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "posix_openpt failed");
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            Check(grantpt(fd), "grantpt");
            Check(unlockpt(fd), "unlockpt");
            var name = new byte[128];
            Check(ptsname_r(fd, name, name.Length), "ptsname_r");
            var path = System.Text.Encoding.ASCII.GetString(name, 0, Array.IndexOf(name, (byte)0));
            MakeRaw(fd);
            return new PseudoTerminal(handle, path);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Raw mode on the master: the line discipline must not echo, translate CR/LF or eat control bytes.</summary>
    private static void MakeRaw(int fd)
    {
        var termios = new byte[TermiosSize + 64]; // extra room in case the C library's struct is larger
        Check(tcgetattr(fd, termios), "tcgetattr");
        cfmakeraw(termios);
        Check(tcsetattr(fd, TCSANOW, termios), "tcsetattr");
    }

    private static void Check(int result, string call)
    {
        if (result != 0)
            throw new Win32Exception(Marshal.GetLastPInvokeError(), $"{call} failed");
    }

    public void Dispose()
    {
        _stream.Dispose();
        _master.Dispose();
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int posix_openpt(int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int grantpt(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int unlockpt(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int ptsname_r(int fd, [Out] byte[] buffer, nint length);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int tcgetattr(int fd, [Out] byte[] termios);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int tcsetattr(int fd, int optionalActions, [In] byte[] termios);

    [LibraryImport("libc")]
    private static partial void cfmakeraw([In, Out] byte[] termios);
}
