namespace QkdEdge.Ingest.Tests.Support;

/// <summary>
/// What a UART receiver set to the wrong baud rate makes of a byte stream: the sender's 8N1 frames
/// (start bit 0, eight data bits LSB first, stop bit 1, idle high) sampled at the receiver's rate,
/// which waits for a falling edge, samples each bit in its middle, and drops bytes whose stop bit is 0
/// (a framing error).
/// </summary>
public static class UartResampler
{
    public static byte[] Resample(byte[] sent, int senderBaud, int receiverBaud)
    {
        var line = new bool[sent.Length * 10 + 10];
        line.AsSpan(0, 10).Fill(true); // idle before the first byte
        for (int i = 0; i < sent.Length; i++)
        {
            int at = 10 + i * 10;
            for (int bit = 0; bit < 8; bit++)
                line[at + 1 + bit] = ((sent[i] >> bit) & 1) != 0;
            line[at + 9] = true; // stop bit; line[at] stays false: the start bit
        }

        double ratio = (double)senderBaud / receiverBaud; // sender bits per receiver bit
        bool Level(double senderBitTime) => senderBitTime >= line.Length || line[(int)senderBitTime];

        var received = new List<byte>();
        double t = 0;
        double step = ratio / 8; // scan for the falling edge in eighths of a receiver bit
        while (t < line.Length)
        {
            if (Level(t))
            {
                t += step;
                continue;
            }

            // Start bit found: sample data bits at the middle of each receiver bit.
            int value = 0;
            for (int bit = 0; bit < 8; bit++)
            {
                if (Level(t + (1.5 + bit) * ratio))
                    value |= 1 << bit;
            }

            if (Level(t + 9.5 * ratio))
                received.Add((byte)value);
            t += 10 * ratio;
        }

        return received.ToArray();
    }
}
