using QkdEdge.Wire.Framing;
using QkdEdge.Wire.Frames;

namespace QkdEdge.Fuzz.Wire;

/// <summary>
/// The board-side receiver and the reference payload readers: <see cref="FrameReceiver"/> fed in
/// chunks at either link end, then, for every frame it passes, the payload reader of its type
/// (Info, Status, RngAlarm, Ack, Rounds at the host; Configure at the board). Contract: every frame
/// completes with a <see cref="FrameError"/> and an offset inside the frame, every call consumes
/// input, and nothing throws or allocates per frame.
/// </summary>
public sealed class WireReceiverTarget : FuzzTarget
{
    private readonly byte[] _settings = new byte[RoundsFrameLayout.MaxRoundsPerAnyFrame];
    private readonly byte[] _clicks = new byte[RoundsFrameLayout.MaxRoundsPerAnyFrame];
    private readonly long[] _tags = new long[RoundsFrameLayout.MaxRoundsPerAnyFrame];
    private readonly InfoFrame _info = new();
    private readonly StatusFrame _status = new();
    private readonly RngAlarmFrame _alarm = new();
    private readonly AckFrame _ack = new();
    private readonly ConfigureCommand _configure = new();
    private readonly RoundsFrame _rounds = new();

    public override string Name => "wire-receiver";

    public override string Description => "board byte stream (mode byte, frame records) -> FrameReceiver and payload readers; FrameError results only";

    public override IEnumerable<FuzzSeed> Seeds() => WireSeeds.BothEnds();

    public override FuzzOutcome Run(ReadOnlySpan<byte> input)
    {
        var reader = new InputReader(input);
        byte mode = reader.U8();
        byte[] stream = WireScript.ToStream(reader.Rest());
        LinkEnd end = WireScript.EndOf(mode);
        int chunk = WireScript.ChunkOf(mode, stream.Length);
        var receiver = new FrameReceiver(end);
        return AllocationBound.Check(Name, stream.Length, 64 * 1024, 8, () => Receive(receiver, stream, chunk, end));
    }

    private FuzzOutcome Receive(FrameReceiver receiver, byte[] stream, int chunk, LinkEnd end)
    {
        var tally = new FrameErrorTally();
        int framingRejects = 0;
        for (int offset = 0; offset < stream.Length; offset += chunk)
        {
            int chunkEnd = Math.Min(stream.Length, offset + chunk);
            int position = offset;
            while (position < chunkEnd)
            {
                bool completed = receiver.TryReadFrame(stream, position, chunkEnd - position, out int consumed);
                if (consumed < 1 || consumed > chunkEnd - position || (!completed && consumed != chunkEnd - position))
                    throw new ContractViolationException($"TryReadFrame consumed {consumed} of {chunkEnd - position} bytes (completed: {completed}).");
                position += consumed;
                if (!completed)
                    continue;
                if (receiver.Error != FrameError.None)
                    framingRejects++;
                tally.Add(Inspect(receiver, end));
            }
        }

        // The receiver counts framing rejects only; payload faults are the payload readers'.
        if (receiver.FramesCompleted != tally.Frames || receiver.FramesRejected != framingRejects)
            throw new ContractViolationException(
                $"Receiver counts {receiver.FramesCompleted} frames, {receiver.FramesRejected} rejected; the harness saw {tally.Frames}, {framingRejects} rejected.");
        return tally.ToOutcome();
    }

    private FrameError Inspect(FrameReceiver receiver, LinkEnd end)
    {
        FrameError error = receiver.Error;
        if (error is FrameError.FrameTooLong or FrameError.CobsOverrun)
        {
            PayloadChecks.ErrorOffset(error, receiver.ErrorOffset, WireLimits.MaxEncodedFrameBytes, "FrameReceiver");
            return error;
        }

        if (receiver.FrameLength > WireLimits.MaxFrameBytes)
            throw new ContractViolationException($"FrameReceiver reports a frame of {receiver.FrameLength} bytes.");
        if (error != FrameError.None)
        {
            PayloadChecks.ErrorOffset(error, receiver.ErrorOffset, WireLimits.MaxFrameBytes, "FrameReceiver");
            return error;
        }

        if (receiver.FrameLength < WireLimits.MinFrameBytes || receiver.Version != WireLimits.ProtocolVersion)
            throw new ContractViolationException($"FrameReceiver passed a frame of {receiver.FrameLength} bytes, version {receiver.Version}.");
        if (FrameTypes.IsCommand((byte)receiver.Type) != (end == LinkEnd.Board))
            throw new ContractViolationException($"FrameReceiver at the {end} end passed a {receiver.Type} frame.");
        return ReadPayload(receiver);
    }

    private FrameError ReadPayload(FrameReceiver receiver)
    {
        byte[] frame = receiver.Frame;
        int offset = receiver.PayloadOffset;
        int length = receiver.PayloadLength;
        FrameError error;
        int errorOffset;
        switch (receiver.Type)
        {
            case FrameType.Info:
                error = _info.ReadPayload(frame, offset, length, out errorOffset);
                break;
            case FrameType.Status:
                error = _status.ReadPayload(frame, offset, length, out errorOffset);
                break;
            case FrameType.RngAlarm:
                error = _alarm.ReadPayload(frame, offset, length, out errorOffset);
                break;
            case FrameType.Ack:
                error = _ack.ReadPayload(frame, offset, length, out errorOffset);
                break;
            case FrameType.Rounds:
                error = _rounds.ReadPayload(frame, offset, length, _settings, _clicks, _tags, 0, out errorOffset);
                if (error == FrameError.None)
                    PayloadChecks.Columns(_settings, _clicks, _rounds.RoundCount, _rounds.AlphabetSize, "RoundsFrame");
                break;
            case FrameType.Configure:
                error = _configure.ReadPayload(frame, offset, length, out errorOffset);
                break;
            default:
                // Commands without payload: the firmware answers a non-empty one with InvalidParameter.
                return FrameError.None;
        }

        PayloadChecks.ErrorOffset(error, errorOffset, length, $"{receiver.Type} payload");
        return error;
    }
}
