namespace QkdEdge.Firmware.Hardware
{
    /// <summary>
    /// The byte link to the host: a UART behind a USB-serial bridge on the board, a pseudo-terminal or
    /// an in-memory pipe in the emulator. Neither call may block for long: the batch loop shares the
    /// thread with it.
    /// </summary>
    public interface ISerialLink
    {
        /// <summary>Copies up to <paramref name="count"/> received bytes; returns how many (0 if none are waiting).</summary>
        int Read(byte[] buffer, int offset, int count);

        /// <summary>
        /// Queues <paramref name="count"/> bytes (one whole frame) for sending. Returns false if the link
        /// could not take them all in time (transmit buffer full); the caller counts the frame as
        /// dropped. A frame cut short on the wire is discarded by the host's framing (CRC, delimiter).
        /// </summary>
        bool TryWrite(byte[] buffer, int offset, int count);
    }
}
