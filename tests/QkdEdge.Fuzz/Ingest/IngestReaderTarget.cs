using QkdEdge.Fuzz.Wire;
using QkdEdge.Ingest;
using QkdEdge.Wire.Framing;
using QkdEdge.Wire.Frames;

namespace QkdEdge.Fuzz.Ingest;

/// <summary>
/// The host's board frame reader over a byte stream delivered in chunks, read to the end.
/// Contract: every call returns a frame kind, or the session ends with the documented
/// <see cref="WireSessionException"/> (VersionMismatch, NoValidFrames); delivered batches hold valid
/// rounds; the counters add up (malformed by reason, frames and rounds handed out, bytes read).
/// The byte limit without a valid frame is set to its smallest allowed value, so that the fuzzer's
/// short inputs reach the NoValidFrames path too.
/// </summary>
public sealed class IngestReaderTarget : FuzzTarget
{
    private static readonly BoardFrameReaderOptions Options = new() { NoValidFrameByteLimit = 2 * WireLimits.MaxWireFrameBytes };

    public override string Name => "ingest-reader";

    public override string Description => "board byte stream (mode byte, frame records) -> BoardFrameReader; frame kinds or WireSessionException only";

    public override IEnumerable<FuzzSeed> Seeds() => WireSeeds.ForHost();

    public override FuzzOutcome Run(ReadOnlySpan<byte> input)
    {
        var script = new InputReader(input);
        byte mode = script.U8();
        byte[] stream = WireScript.ToStream(script.Rest());
        var reader = new BoardFrameReader(new ChunkedReadStream(stream, WireScript.ChunkOf(mode, stream.Length)), Options);
        return AllocationBound.Check(Name, stream.Length, 64 * 1024, 8, () => ReadAll(reader, stream.Length));
    }

    private static FuzzOutcome ReadAll(BoardFrameReader reader, int streamLength)
    {
        long frames = 0;
        long rounds = 0;
        string end;
        bool ended = false;
        try
        {
            while (true)
            {
                if (frames > streamLength)
                    throw new ContractViolationException($"The reader handed out more than {streamLength} frames from {streamLength} bytes.");
                BoardFrameKind kind = reader.Read();
                if (kind == BoardFrameKind.EndOfStream)
                    break;
                frames++;
                rounds += CheckFrame(reader, kind);
            }

            ended = true;
            end = "end of stream";
        }
        catch (WireSessionException exception) when (exception.Failure is WireSessionFailure.VersionMismatch or WireSessionFailure.NoValidFrames)
        {
            end = exception.Failure.ToString();
        }

        CheckCounters(reader.Counters, frames, rounds, streamLength, ended);
        var counters = reader.Counters;
        return new FuzzOutcome(ended && frames > 0 && counters.FramesMalformed == 0,
            $"{frames} frames, {counters.FramesMalformed} malformed, {rounds} rounds, {counters.BoardResets} resets, {end}");
    }

    /// <summary>Checks the frame just returned; returns the rounds it delivered.</summary>
    private static int CheckFrame(BoardFrameReader reader, BoardFrameKind kind)
    {
        FrameType expected = kind switch
        {
            BoardFrameKind.Rounds => FrameType.Rounds,
            BoardFrameKind.Info => FrameType.Info,
            BoardFrameKind.Status => FrameType.Status,
            BoardFrameKind.RngAlarm => FrameType.RngAlarm,
            BoardFrameKind.Ack => FrameType.Ack,
            _ => throw new ContractViolationException($"Read returned the undocumented kind {kind}."),
        };
        if (reader.Header.Type != expected)
            throw new ContractViolationException($"Read returned {kind} for a {reader.Header.Type} frame.");
        if (kind != BoardFrameKind.Rounds)
            return 0;
        var batch = reader.Batch;
        PayloadChecks.Columns(batch.Settings, batch.Clicks, batch.Count, reader.AlphabetSize, "BoardFrameReader");
        if (batch.FirstRound < 0 || batch.FirstRound > long.MaxValue - batch.Count)
            throw new ContractViolationException($"Batch starts at round {batch.FirstRound}.");
        return batch.Count;
    }

    private static void CheckCounters(IngestCounters c, long frames, long rounds, int streamLength, bool ended)
    {
        if (c.MalformedByReason.Sum() != c.FramesMalformed || c.MalformedByReason[(int)FrameError.None] != 0)
            throw new ContractViolationException($"Malformed frames by reason add up to {c.MalformedByReason.Sum()}, not {c.FramesMalformed}.");
        if (c.FramesAccepted != frames || c.RoundsDelivered != rounds)
            throw new ContractViolationException($"Counters say {c.FramesAccepted} frames and {c.RoundsDelivered} rounds; the reader handed out {frames} and {rounds}.");
        if (c.BytesRead > streamLength || (ended && c.BytesRead != streamLength) || c.BytesDiscarded < 0 || c.BytesDiscarded > c.BytesRead)
            throw new ContractViolationException($"Counters say {c.BytesRead} bytes read, {c.BytesDiscarded} discarded, of {streamLength}.");
        if (c.FramesLost < 0 || c.SequenceGaps < 0 || c.DuplicateFrames < 0 || c.BoardResets < 0 || c.RoundsLost < 0 || c.RoundGaps < 0)
            throw new ContractViolationException($"A counter is negative: {c}.");
    }
}
