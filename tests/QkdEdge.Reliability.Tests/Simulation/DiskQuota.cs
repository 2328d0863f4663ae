namespace QkdEdge.Reliability.Tests.Simulation;

/// <summary>
/// A disk that fills up, for one station's archive: once <see cref="Fill"/> is called only so many more bytes
/// fit, and the write that crosses the limit writes the part that fits and then fails with the I/O error a
/// full disk gives (ENOSPC), exactly as write(2) does. <see cref="MakeRoom"/> is the operator freeing space.
/// The archive writer opens its file through <see cref="Open"/> (its file-opening seam).
/// </summary>
internal sealed class DiskQuota
{
    /// <summary>errno ENOSPC on Linux: what .NET reports as the IOException's HResult for a full disk.</summary>
    private const int NoSpace = 28;

    private long? _room;

    public bool IsFull => _room is not null;

    /// <summary>Writes failed for want of room since the last <see cref="MakeRoom"/>.</summary>
    public int Failures { get; private set; }

    /// <summary>From now on only <paramref name="room"/> more bytes fit.</summary>
    public void Fill(long room) => _room = Math.Max(0, room);

    public void MakeRoom()
    {
        _room = null;
        Failures = 0;
    }

    public FileStream Open(string path, FileMode mode) => new QuotaFileStream(path, mode, this);

    /// <summary>How many of <paramref name="wanted"/> bytes still fit, taking them.</summary>
    private long Take(long wanted)
    {
        if (_room is not long room)
            return wanted;
        long granted = Math.Min(room, wanted);
        _room = room - granted;
        if (granted < wanted)
            Failures++;
        return granted;
    }

    /// <summary>An unbuffered file whose writes draw on the quota.</summary>
    private sealed class QuotaFileStream(string path, FileMode mode, DiskQuota quota)
        : FileStream(path, mode, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0)
    {
        // A FileStream subclass's span write lands in the array overload, so that is where the quota is drawn.
        public override void Write(ReadOnlySpan<byte> buffer) => Write(buffer.ToArray(), 0, buffer.Length);

        public override void WriteByte(byte value) => Write([value], 0, 1);

        public override void Write(byte[] buffer, int offset, int count)
        {
            // Overwriting what the file already holds takes no new room; only growth does.
            long growth = Math.Max(0, Position + count - Length);
            long granted = quota.Take(growth);
            if (granted == growth)
            {
                base.Write(buffer, offset, count);
                return;
            }

            base.Write(buffer, offset, (int)(count - growth + granted));
            throw new IOException($"No space left on device : '{Name}'", NoSpace);
        }
    }
}
