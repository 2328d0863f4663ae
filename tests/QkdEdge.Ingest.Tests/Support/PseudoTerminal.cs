using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace QkdEdge.Ingest.Tests.Support;

/// <summary>
/// A Linux pseudo-terminal pair: the test plays the board on the controller side, and the host
/// opens the device path with System.IO.Ports as it would a USB serial adapter.
/// </summary>
public sealed partial class PseudoTerminal : IDisposable
{
    private const int ReadWrite = 0x2;
    private const int NoControllingTerminal = 0x100;

    private PseudoTerminal(SafeFileHandle controller, string devicePath)
    {
        Controller = new FileStream(controller, FileAccess.ReadWrite, bufferSize: 0);
        DevicePath = devicePath;
    }

    /// <summary>The board's end.</summary>
    public FileStream Controller { get; }

    /// <summary>The path the host opens, e.g. /dev/pts/3.</summary>
    public string DevicePath { get; }

    public static PseudoTerminal Open()
    {
        int fd = posix_openpt(ReadWrite | NoControllingTerminal);
        if (fd < 0 || grantpt(fd) != 0 || unlockpt(fd) != 0)
            throw new IOException($"Could not create a pseudo-terminal (errno {Marshal.GetLastPInvokeError()}).");
        var name = new byte[128];
        if (ptsname_r(fd, name, name.Length) != 0)
            throw new IOException("ptsname_r failed.");
        string path = Encoding.ASCII.GetString(name, 0, Array.IndexOf(name, (byte)0));
        return new PseudoTerminal(new SafeFileHandle(fd, ownsHandle: true), path);
    }

    public void Dispose() => Controller.Dispose();

    [LibraryImport("libc", SetLastError = true)]
    private static partial int posix_openpt(int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int grantpt(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int unlockpt(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int ptsname_r(int fd, byte[] buffer, nint length);
}
