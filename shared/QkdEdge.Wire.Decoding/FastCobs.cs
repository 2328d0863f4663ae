namespace QkdEdge.Wire.Decoding;

/// <summary>
/// COBS decoding on spans with block copies, for the host's hot path. Same rules as
/// <see cref="QkdEdge.Wire.Framing.Cobs"/> (which tests check it against).
/// </summary>
public static class FastCobs
{
    /// <summary>
    /// Decodes <paramref name="encoded"/> (one frame, no delimiter) into <paramref name="decoded"/>,
    /// which needs at least <c>encoded.Length</c> bytes. Returns the decoded length, or -1 with the
    /// offset of the bad byte (a zero, or a code byte running past the end).
    /// </summary>
    public static int TryDecode(ReadOnlySpan<byte> encoded, Span<byte> decoded, out int errorOffset)
    {
        if (decoded.Length < encoded.Length)
            throw new ArgumentException("The destination must be at least as long as the encoded frame.", nameof(decoded));

        int zero = encoded.IndexOf((byte)0);
        int read = 0;
        int write = 0;
        while (read < encoded.Length)
        {
            int code = encoded[read];
            if (code == 0 || read + code > encoded.Length)
            {
                errorOffset = read;
                return -1;
            }

            int run = code - 1;
            if (zero >= 0 && zero <= read + run)
            {
                errorOffset = zero;
                return -1;
            }

            encoded.Slice(read + 1, run).CopyTo(decoded.Slice(write));
            read += code;
            write += run;
            if (code != 0xFF && read < encoded.Length)
                decoded[write++] = 0;
        }

        errorOffset = 0;
        return write;
    }
}
