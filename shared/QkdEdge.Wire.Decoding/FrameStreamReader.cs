using QkdEdge.Wire.Framing;

namespace QkdEdge.Wire.Decoding;

/// <summary>
/// Splits a byte stream into encoded frames at 0x00 delimiters, with a bounded buffer: a frame that
/// grows past <see cref="WireLimits.MaxEncodedFrameBytes"/> is discarded up to the next delimiter
/// instead of being buffered (the pipelines pitfall of unbounded messages). Consumed bytes (handed
/// out or discarded) and examined bytes (scanned for a delimiter) are tracked apart, so a partial
/// frame is never scanned twice. Reads block as the stream does (a serial port's read timeout
/// surfaces as its <see cref="TimeoutException"/>). Not thread-safe.
/// </summary>
public sealed class FrameStreamReader
{
    /// <summary>Default buffer: many frames per read system call, yet small enough to stay in cache.</summary>
    public const int DefaultBufferSize = 64 * 1024;

    private readonly Stream _stream;
    private readonly byte[] _buffer;
    private int _start;     // first byte not yet consumed
    private int _examined;  // first byte not yet scanned for a delimiter (>= _start)
    private int _end;       // end of valid data
    private bool _discarding;
    private long _discardStart; // stream offset where the over-long frame began
    private bool _ended;

    public FrameStreamReader(Stream stream, int bufferSize = DefaultBufferSize)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
            throw new ArgumentException("The stream is not readable.", nameof(stream));
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSize, WireLimits.MaxWireFrameBytes * 2);
        _stream = stream;
        _buffer = new byte[bufferSize];
    }

    /// <summary>Bytes read from the stream so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>Stream offset of the first byte of the frame last returned.</summary>
    public long FrameStreamOffset { get; private set; }

    /// <summary>Bytes thrown away without forming a frame: over-long runs and a partial frame at end of stream.</summary>
    public long BytesDiscarded { get; private set; }

    /// <summary>Stream offset of the first byte not yet handed out or discarded.</summary>
    public long Position => BytesRead - (_end - _start);

    /// <summary>
    /// Reads until one frame is complete. On <see cref="SplitResult.Frame"/>, <paramref name="frame"/>
    /// holds its encoded bytes until the next call; it is empty for a lone delimiter, which carries
    /// nothing but is returned so that a caller can bound how long it waits for a valid frame.
    /// </summary>
    public SplitResult TryReadFrame(out ReadOnlySpan<byte> frame)
    {
        while (true)
        {
            int found = _examined < _end ? _buffer.AsSpan(_examined, _end - _examined).IndexOf(WireLimits.Delimiter) : -1;
            if (found >= 0)
            {
                int delimiter = _examined + found;
                int start = _start;
                long streamOffset = BytesRead - (_end - start);
                _start = _examined = delimiter + 1;
                if (_discarding)
                {
                    _discarding = false;
                    BytesDiscarded += delimiter - start + 1;
                    frame = default;
                    FrameStreamOffset = _discardStart;
                    return SplitResult.FrameTooLong;
                }

                frame = _buffer.AsSpan(start, delimiter - start);
                FrameStreamOffset = streamOffset;
                return SplitResult.Frame;
            }

            _examined = _end;
            if (_end - _start > WireLimits.MaxEncodedFrameBytes)
            {
                // Keep nothing of an over-long frame; remember to drop the rest up to the delimiter.
                if (!_discarding)
                    _discardStart = BytesRead - (_end - _start);
                BytesDiscarded += _end - _start;
                _discarding = true;
                _start = _examined = _end;
            }

            if (_ended || !Fill())
            {
                _ended = true;
                BytesDiscarded += _end - _start;
                _start = _examined = _end;
                frame = default;
                return _discarding ? Finish() : SplitResult.EndOfStream;
            }
        }
    }

    private SplitResult Finish()
    {
        _discarding = false;
        FrameStreamOffset = _discardStart;
        return SplitResult.FrameTooLong;
    }

    /// <summary>Moves the unconsumed tail to the front if needed and reads once; false at end of stream.</summary>
    private bool Fill()
    {
        if (_start > 0 && (_buffer.Length - _end < WireLimits.MaxWireFrameBytes || _start == _end))
        {
            int tail = _end - _start;
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, tail);
            _examined -= _start;
            _end = tail;
            _start = 0;
        }

        int read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read <= 0)
            return false;
        _end += read;
        BytesRead += read;
        return true;
    }
}
