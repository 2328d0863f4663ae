using QkdEdge.Wire.Decoding;
using QkdEdge.Wire.Framing;
using QkdEdge.Wire.Frames;

namespace QkdEdge.Fuzz.Wire;

/// <summary>
/// The host's fast decoders against the reference ones, frame by frame: the stream is split by
/// <see cref="FrameStreamReader"/>, each frame is checked by <see cref="FrameDecoder"/> and by
/// <see cref="FrameReceiver"/>, and each Rounds payload by <see cref="RoundsPayloadDecoder"/> and by
/// <see cref="RoundsFrame"/>. Contract: no exception, and the same verdict (reason code and offset),
/// header, decoded bytes and round columns from both, since the fast path promises to accept exactly
/// what the reference accepts.
/// </summary>
public sealed class WireDecoderTarget : FuzzTarget
{
    private static readonly int Columns = RoundsFrameLayout.MaxRoundsPerAnyFrame;
    private readonly byte[] _decoded = new byte[WireLimits.MaxEncodedFrameBytes];
    // The splitter hands out a frame longer than the limit when its delimiter is already buffered
    // (the decoder then rejects it), so the copy for the reference receiver holds a whole buffer.
    private readonly byte[] _single = new byte[FrameStreamReader.DefaultBufferSize + 1];
    private readonly byte[] _fastSettings = new byte[Columns];
    private readonly byte[] _fastClicks = new byte[Columns];
    private readonly long[] _fastTags = new long[Columns];
    private readonly byte[] _refSettings = new byte[Columns];
    private readonly byte[] _refClicks = new byte[Columns];
    private readonly long[] _refTags = new long[Columns];
    private readonly RoundsFrame _rounds = new();

    // One receiver for all frames: each call hands it exactly one frame and its delimiter.
    private readonly FrameReceiver _receiver = new(LinkEnd.Host);

    public override string Name => "wire-decoder";

    public override string Description => "board byte stream (mode byte, frame records) -> FrameDecoder/RoundsPayloadDecoder vs the reference decoders; same verdicts";

    public override IEnumerable<FuzzSeed> Seeds() => WireSeeds.ForHost();

    public override FuzzOutcome Run(ReadOnlySpan<byte> input)
    {
        var reader = new InputReader(input);
        reader.U8(); // the mode byte: one link end (the host) and whole frames here
        byte[] stream = WireScript.ToStream(reader.Rest());
        var splitter = new FrameStreamReader(new MemoryStream(stream, writable: false));
        return AllocationBound.Check(Name, stream.Length, 64 * 1024, 8, () => Compare(splitter, stream.Length));
    }

    private FuzzOutcome Compare(FrameStreamReader splitter, int streamLength)
    {
        var tally = new FrameErrorTally();
        for (int frames = 0; ; frames++)
        {
            if (frames > streamLength + 1)
                throw new ContractViolationException($"FrameStreamReader returned more than {streamLength + 1} results for {streamLength} bytes.");
            SplitResult split = splitter.TryReadFrame(out ReadOnlySpan<byte> encoded);
            if (split == SplitResult.EndOfStream)
                break;
            if (split == SplitResult.FrameTooLong)
            {
                tally.Add(FrameError.FrameTooLong);
                continue;
            }

            if (!encoded.IsEmpty)
                tally.Add(CompareFrame(encoded));
        }

        if (splitter.BytesRead != streamLength || splitter.Position != streamLength || splitter.BytesDiscarded > streamLength)
            throw new ContractViolationException(
                $"FrameStreamReader read {splitter.BytesRead} and discarded {splitter.BytesDiscarded} of {streamLength} bytes, position {splitter.Position}.");
        return tally.ToOutcome();
    }

    private FrameError CompareFrame(ReadOnlySpan<byte> encoded)
    {
        FrameError fast = FrameDecoder.TryDecode(encoded, _decoded, LinkEnd.Host, out FrameHeader header, out int length, out int fastOffset);

        var receiver = _receiver;
        encoded.CopyTo(_single);
        _single[encoded.Length] = WireLimits.Delimiter;
        if (!receiver.TryReadFrame(_single, 0, encoded.Length + 1, out _))
            throw new ContractViolationException("FrameReceiver did not complete a frame at its delimiter.");

        Same("frame verdict", fast, fastOffset, receiver.Error, receiver.ErrorOffset);
        bool crcPassed = fast is not (FrameError.FrameTooLong or FrameError.CobsOverrun or FrameError.FrameTooShort or FrameError.CrcMismatch);
        if (!crcPassed)
            return fast;

        if (header != new FrameHeader(receiver.Version, receiver.Type, receiver.StationId, receiver.Sequence)
            || length != receiver.FrameLength
            || !_decoded.AsSpan(0, length).SequenceEqual(receiver.Frame.AsSpan(0, receiver.FrameLength)))
            throw new ContractViolationException($"FrameDecoder and FrameReceiver decoded different frames ({header} / {length} bytes).");
        if (fast != FrameError.None || header.Type != FrameType.Rounds)
            return fast;
        return CompareRounds(length - WireLimits.HeaderBytes - WireLimits.CrcBytes);
    }

    private FrameError CompareRounds(int payloadLength)
    {
        var payload = _decoded.AsSpan(WireLimits.PayloadOffset, payloadLength);
        FrameError fast = RoundsPayloadDecoder.Decode(payload, _fastSettings, _fastClicks, _fastTags, out RoundsHeader header, out int fastOffset);
        FrameError reference = _rounds.ReadPayload(_decoded, WireLimits.PayloadOffset, payloadLength, _refSettings, _refClicks, _refTags, 0, out int refOffset);
        Same("Rounds payload verdict", fast, fastOffset, reference, refOffset);
        PayloadChecks.ErrorOffset(fast, fastOffset, payloadLength, "RoundsPayloadDecoder");
        if (fast != FrameError.None)
            return fast;

        int n = header.RoundCount;
        if (header != new RoundsHeader(_rounds.FirstRoundIndex, _rounds.RoundCount, _rounds.AlphabetSize, _rounds.FirstTimeTag, _rounds.PeriodTicks, _rounds.ExceptionCount)
            || !_fastSettings.AsSpan(0, n).SequenceEqual(_refSettings.AsSpan(0, n))
            || !_fastClicks.AsSpan(0, n).SequenceEqual(_refClicks.AsSpan(0, n))
            || !_fastTags.AsSpan(0, n).SequenceEqual(_refTags.AsSpan(0, n)))
            throw new ContractViolationException($"RoundsPayloadDecoder and RoundsFrame decoded different rounds ({header}).");
        PayloadChecks.Columns(_fastSettings, _fastClicks, n, header.AlphabetSize, "RoundsPayloadDecoder");
        return fast;
    }

    private static void Same(string what, FrameError fast, int fastOffset, FrameError reference, int referenceOffset)
    {
        if (fast != reference || fastOffset != referenceOffset)
            throw new ContractViolationException($"{what}: fast path says {fast} at {fastOffset}, reference says {reference} at {referenceOffset}.");
    }
}
