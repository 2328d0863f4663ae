using System.Buffers.Binary;
using QkdEdge.Rounds;
using QkdEdge.Wire.Decoding;
using QkdEdge.Wire.Framing;
using QkdEdge.Wire.Frames;

namespace QkdEdge.Ingest;

/// <summary>
/// Reads a board's frames from a byte stream and never trusts them: every frame is checked (COBS,
/// CRC-32, version, type, payload), malformed frames are counted with a reason and skipped, and the
/// sequence numbers and round indices of the valid ones reveal lost frames, lost rounds, duplicates
/// and board resets (all counted in <see cref="Counters"/>). The frame objects it hands out are
/// reused: <see cref="Batch"/> and the others are valid until the next <see cref="Read"/>; copy what
/// must be kept (<see cref="RoundBatch.CopyFrom"/>). Steady-state reading allocates nothing.
/// Not thread-safe.
/// </summary>
public sealed class BoardFrameReader
{
    private readonly FrameStreamReader _splitter;
    private readonly BoardFrameReaderOptions _options;
    private readonly SequenceTracker _sequence;
    private readonly byte[] _decoded = new byte[WireLimits.MaxEncodedFrameBytes];
    private readonly long[] _malformedByReason = new long[Enum.GetValues<FrameError>().Length];

    private bool _sawFirstSegment;
    private long _lastValidEnd;
    private long _expectedRound = -1;
    private uint? _bootId;
    private ushort? _stationId;

    private long _leadingBytesDiscarded;
    private long _framesAccepted;
    private long _framesMalformed;
    private long _framesLost;
    private long _sequenceGaps;
    private long _duplicates;
    private long _resets;
    private long _roundsDelivered;
    private long _roundsLost;
    private long _roundGaps;

    public BoardFrameReader(Stream stream, BoardFrameReaderOptions? options = null)
    {
        _options = options ?? new BoardFrameReaderOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.NoValidFrameByteLimit, WireLimits.MaxWireFrameBytes * 2, nameof(options));
        _splitter = new FrameStreamReader(stream);
        _sequence = new SequenceTracker(_options.DuplicateWindow);
    }

    /// <summary>The rounds of the last Rounds frame (capacity: the most rounds any frame can carry).</summary>
    public RoundBatch Batch { get; } = new(RoundsFrameLayout.MaxRoundsPerAnyFrame);

    /// <summary>The last Info frame.</summary>
    public InfoFrame Info { get; } = new();

    /// <summary>The last Status frame.</summary>
    public StatusFrame Status { get; } = new();

    /// <summary>The last RngAlarm frame.</summary>
    public RngAlarmFrame RngAlarm { get; } = new();

    /// <summary>The last Ack frame.</summary>
    public AckFrame Ack { get; } = new();

    /// <summary>Header of the frame last returned.</summary>
    public FrameHeader Header { get; private set; }

    /// <summary>Alphabet size of the last Rounds frame.</summary>
    public int AlphabetSize { get; private set; }

    /// <summary>Nominal round period (ticks) of the last Rounds frame.</summary>
    public uint PeriodTicks { get; private set; }

    /// <summary>True if the frame last returned showed that the board restarted.</summary>
    public bool ResetDetected { get; private set; }

    /// <summary>The most recent malformed frame, if any.</summary>
    public FrameFault? LastFault { get; private set; }

    /// <summary>Called for every malformed frame (diagnostics; keep it cheap).</summary>
    public Action<FrameFault>? FaultObserved { get; set; }

    /// <summary>A snapshot of the counters.</summary>
    public IngestCounters Counters => new()
    {
        BytesRead = _splitter.BytesRead,
        BytesDiscarded = _splitter.BytesDiscarded + _leadingBytesDiscarded,
        FramesAccepted = _framesAccepted,
        FramesMalformed = _framesMalformed,
        MalformedByReason = (long[])_malformedByReason.Clone(),
        FramesLost = _framesLost,
        SequenceGaps = _sequenceGaps,
        DuplicateFrames = _duplicates,
        BoardResets = _resets,
        RoundsDelivered = _roundsDelivered,
        RoundsLost = _roundsLost,
        RoundGaps = _roundGaps,
    };

    /// <summary>
    /// Reads up to the next valid frame and returns its kind, or <see cref="BoardFrameKind.EndOfStream"/>.
    /// Throws <see cref="WireSessionException"/> for a frame of another protocol version or when
    /// <see cref="BoardFrameReaderOptions.NoValidFrameByteLimit"/> bytes pass without a valid frame;
    /// a read timeout of the underlying stream surfaces as its <see cref="TimeoutException"/>.
    /// </summary>
    public BoardFrameKind Read()
    {
        ResetDetected = false;
        while (true)
        {
            SplitResult split = _splitter.TryReadFrame(out ReadOnlySpan<byte> encoded);
            if (split == SplitResult.EndOfStream)
                return BoardFrameKind.EndOfStream;

            bool firstSegment = !_sawFirstSegment;
            _sawFirstSegment = true;
            if (split == SplitResult.FrameTooLong)
            {
                Fault(FrameError.FrameTooLong, WireLimits.MaxEncodedFrameBytes);
                continue;
            }

            if (encoded.IsEmpty)
            {
                CheckGarbageBound();
                continue;
            }

            FrameError error = FrameDecoder.TryDecode(encoded, _decoded, LinkEnd.Host, out FrameHeader header, out int length, out int errorOffset);
            if (error == FrameError.VersionMismatch)
            {
                Fault(error, errorOffset);
                throw new WireSessionException(WireSessionFailure.VersionMismatch,
                    $"The board speaks wire protocol version {header.Version}; this host speaks version {WireLimits.ProtocolVersion}. Update the firmware or the host so that both speak the same version.");
            }

            if (error != FrameError.None)
            {
                // A host that opens the link mid-frame sees the tail of a frame first: that is not a fault.
                if (firstSegment && error is FrameError.CobsOverrun or FrameError.FrameTooShort or FrameError.CrcMismatch)
                {
                    _leadingBytesDiscarded += encoded.Length + 1;
                    continue;
                }

                Fault(error, errorOffset);
                continue;
            }

            BoardFrameKind kind = DecodePayload(header, length, out error, out errorOffset);
            if (error != FrameError.None)
            {
                Fault(error, WireLimits.PayloadOffset + errorOffset);
                continue;
            }

            _lastValidEnd = _splitter.Position;
            uint crc = BinaryPrimitives.ReadUInt32LittleEndian(_decoded.AsSpan(length - WireLimits.CrcBytes));
            if (!Track(header, kind, crc))
                continue;

            Header = header;
            _framesAccepted++;
            return kind;
        }
    }

    private BoardFrameKind DecodePayload(FrameHeader header, int length, out FrameError error, out int errorOffset)
    {
        int payloadLength = length - WireLimits.HeaderBytes - WireLimits.CrcBytes;
        switch (header.Type)
        {
            case FrameType.Rounds:
                error = RoundsPayloadDecoder.Decode(_decoded.AsSpan(WireLimits.PayloadOffset, payloadLength),
                    Batch.Settings, Batch.Clicks, Batch.TimeTags, out RoundsHeader rounds, out errorOffset);
                if (error == FrameError.None)
                {
                    Batch.StationId = header.StationId;
                    Batch.FirstRound = rounds.FirstRoundIndex;
                    Batch.Count = rounds.RoundCount;
                    AlphabetSize = rounds.AlphabetSize;
                    PeriodTicks = rounds.PeriodTicks;
                }

                return BoardFrameKind.Rounds;
            case FrameType.Info:
                error = Info.ReadPayload(_decoded, WireLimits.PayloadOffset, payloadLength, out errorOffset);
                return BoardFrameKind.Info;
            case FrameType.Status:
                error = Status.ReadPayload(_decoded, WireLimits.PayloadOffset, payloadLength, out errorOffset);
                return BoardFrameKind.Status;
            case FrameType.RngAlarm:
                error = RngAlarm.ReadPayload(_decoded, WireLimits.PayloadOffset, payloadLength, out errorOffset);
                return BoardFrameKind.RngAlarm;
            case FrameType.Ack:
                error = Ack.ReadPayload(_decoded, WireLimits.PayloadOffset, payloadLength, out errorOffset);
                return BoardFrameKind.Ack;
            default:
                throw new InvalidOperationException($"Frame type {header.Type} passed the direction check but has no decoder (bug).");
        }
    }

    /// <summary>Sequence and round bookkeeping of a valid frame; false if it is a duplicate to drop.</summary>
    private bool Track(FrameHeader header, BoardFrameKind kind, uint crc)
    {
        SequenceVerdict verdict = _sequence.Classify(header.Sequence, crc, out uint missing);
        if (verdict == SequenceVerdict.Duplicate)
        {
            _duplicates++;
            return false;
        }

        bool reset = verdict == SequenceVerdict.Behind
            || (kind == BoardFrameKind.Info && _bootId.HasValue && Info.BootId != _bootId.Value)
            || (kind == BoardFrameKind.Rounds && _expectedRound >= 0 && Batch.FirstRound < _expectedRound)
            || (_stationId.HasValue && header.StationId != _stationId.Value);
        if (reset)
        {
            _resets++;
            ResetDetected = true;
            _sequence.Restart();
            _expectedRound = -1;
            _bootId = null;
        }
        else if (verdict == SequenceVerdict.Gap)
        {
            _framesLost += missing;
            _sequenceGaps++;
        }

        _sequence.Accept(header.Sequence, crc);
        _stationId = header.StationId;
        switch (kind)
        {
            case BoardFrameKind.Rounds:
                AdvanceRounds(Batch.FirstRound);
                _expectedRound = Batch.FirstRound + Batch.Count;
                _roundsDelivered += Batch.Count;
                break;
            case BoardFrameKind.Info:
                _bootId = Info.BootId;
                AdvanceRounds(Info.NextRoundIndex);
                break;
            case BoardFrameKind.Status:
                AdvanceRounds(Status.RoundsCompleted);
                break;
            case BoardFrameKind.RngAlarm:
                AdvanceRounds(RngAlarm.RoundIndex);
                break;
        }

        return true;
    }

    /// <summary>The board says its next round is <paramref name="next"/>: rounds between the expected one and it were lost.</summary>
    private void AdvanceRounds(long next)
    {
        if (_expectedRound >= 0 && next > _expectedRound)
        {
            _roundsLost += next - _expectedRound;
            _roundGaps++;
        }

        if (next > _expectedRound)
            _expectedRound = next;
    }

    private void Fault(FrameError reason, int offsetInFrame)
    {
        _framesMalformed++;
        _malformedByReason[(int)reason]++;
        var fault = new FrameFault(reason, _splitter.FrameStreamOffset, offsetInFrame);
        LastFault = fault;
        FaultObserved?.Invoke(fault);
        CheckGarbageBound();
    }

    private void CheckGarbageBound()
    {
        long sinceValid = _splitter.Position - _lastValidEnd;
        if (sinceValid <= _options.NoValidFrameByteLimit)
            return;
        string what = _framesAccepted == 0 ? "since the link was opened" : "since the last valid frame";
        throw new WireSessionException(WireSessionFailure.NoValidFrames,
            $"Read {sinceValid} bytes {what} without one valid frame ({_framesMalformed} malformed). "
            + "The baud rate is probably wrong, or the device on this port is not a QkdEdge board.");
    }
}
