using System.ComponentModel;
using System.Runtime.InteropServices;

namespace QkdEdge.Emulator.Serial;

/// <summary>
/// poll(2) on one file descriptor, so the threads that pump a pseudo-terminal can wait for data with a
/// timeout and notice when they should stop; a blocking read(2) could not be interrupted. .NET has no
/// poll for arbitrary handles, hence the direct libc call (POSIX.1-2008).
/// </summary>
internal static partial class DescriptorPoll
{
    private const short PollIn = 0x001;
    private const short PollOut = 0x004;
    private const short PollErr = 0x008;
    private const short PollHup = 0x010;
    private const short PollNval = 0x020;
    private const int EINTR = 4;

    /// <summary>What <see cref="Wait"/> saw.</summary>
    public enum Readiness
    {
        /// <summary>Nothing happened before the timeout.</summary>
        Timeout,

        /// <summary>The requested direction is ready.</summary>
        Ready,

        /// <summary>The other side is closed (for a pseudo-terminal master: no process has the slave open).</summary>
        HungUp,
    }

    /// <summary>Waits until <paramref name="handle"/> is readable (or writable), hung up, or the timeout passes.</summary>
    public static Readiness Wait(SafeHandle handle, bool forWriting, int timeoutMilliseconds)
    {
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            var descriptor = new PollDescriptor
            {
                Fd = (int)handle.DangerousGetHandle(),
                Events = forWriting ? PollOut : PollIn,
            };
            int result = Poll(ref descriptor, 1, timeoutMilliseconds);
            if (result < 0)
            {
                int error = Marshal.GetLastPInvokeError();
                if (error == EINTR)
                    return Readiness.Timeout;
                throw new Win32Exception(error, "poll failed");
            }

            if (result == 0)
                return Readiness.Timeout;
            if ((descriptor.Revents & (forWriting ? PollOut : PollIn)) != 0)
                return Readiness.Ready;
            if ((descriptor.Revents & PollNval) != 0)
                throw new ObjectDisposedException(nameof(handle), "The descriptor is closed.");
            return (descriptor.Revents & (PollHup | PollErr)) != 0 ? Readiness.HungUp : Readiness.Timeout;
        }
        finally
        {
            if (added)
                handle.DangerousRelease();
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollDescriptor
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int Poll(ref PollDescriptor descriptor, nuint count, int timeoutMilliseconds);
}
