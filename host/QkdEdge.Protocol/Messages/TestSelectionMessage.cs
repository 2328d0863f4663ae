using QkdEdge.Distillation.Bits;

namespace QkdEdge.Protocol.Messages;

/// <summary>
/// Alice to Bob: which rounds of the block are tested, drawn from Alice's private randomness. On the wire the
/// selection takes whichever layout is shorter (<see cref="TestSelectionLayout"/>): the gaps between tested rounds in
/// a Rice code, about h(gamma) bits per round (14 MB instead of 125 MB at 10^9 rounds and gamma = 0.0143), or one
/// bit per round when the rounds are so densely tested that the gaps would take more.
/// </summary>
public sealed record TestSelectionMessage(string BlockId, int Rounds, ulong[] Tested)
{
    /// <summary>Writes the payload, the bulk a chunk at a time.</summary>
    public async Task WriteAsync(Stream stream, CancellationToken cancellationToken)
    {
        var head = new PayloadWriter().Text(BlockId).U32((uint)Rounds);
        int parameter = RiceGapCode.ParameterFor(PackedBits.PopCount(Tested, Rounds), Rounds);
        long codedBits = RiceGapCode.CodedBits(Tested, Rounds, parameter, out long tested);
        // Compared in bytes with each layout's own fields (count and parameter: 5 bytes), so the payload is never longer
        // than the bitmap's; that also keeps the gaps below one bit per round, the bound the reader enforces.
        if (5 + (codedBits + 7) / 8 >= (Rounds + 7L) / 8)
        {
            await stream.WriteAsync(head.U8((byte)TestSelectionLayout.Bitmap).ToArray(), cancellationToken).ConfigureAwait(false);
            await StreamPayloadWriter.WriteBitsAsync(stream, Tested, Rounds, cancellationToken).ConfigureAwait(false);
            return;
        }

        head.U8((byte)TestSelectionLayout.RiceGaps).U32((uint)tested).U8((byte)parameter);
        await stream.WriteAsync(head.ToArray(), cancellationToken).ConfigureAwait(false);
        var code = RiceGapCode.Encode(Tested, Rounds, parameter, codedBits);
        await StreamPayloadWriter.WriteBitsAsync(stream, code, codedBits, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a payload while it arrives; <paramref name="maxRounds"/> bounds what the peer may make this side allocate.</summary>
    public static async Task<TestSelectionMessage> ReadAsync(Stream stream, int maxRounds, CancellationToken cancellationToken)
    {
        var reader = new StreamPayloadReader(stream, cancellationToken);
        string blockId = await reader.TextAsync("block id").ConfigureAwait(false);
        uint rounds = await reader.U32Async("round count").ConfigureAwait(false);
        if (rounds == 0 || rounds > (uint)maxRounds)
            throw new MalformedPayloadException($"round count {rounds} outside 1..{maxRounds}.");
        byte layout = await reader.U8Async("test selection layout").ConfigureAwait(false);
        ulong[] selection;
        switch ((TestSelectionLayout)layout)
        {
            case TestSelectionLayout.Bitmap:
                selection = await reader.BitsAsync("test selection", rounds).ConfigureAwait(false);
                break;
            case TestSelectionLayout.RiceGaps:
                uint tested = await reader.U32Async("tested rounds").ConfigureAwait(false);
                if (tested > rounds)
                    throw new MalformedPayloadException($"tested rounds: {tested} of a block of {rounds}.");
                byte parameter = await reader.U8Async("Rice parameter").ConfigureAwait(false);
                // The gaps are sent only when shorter than the bitmap, so they never cost this side more than it would.
                var (code, codedBits) = await reader.BitsUpToAsync("test selection gaps", rounds - 1).ConfigureAwait(false);
                selection = new ulong[(rounds + 63) / 64];
                RiceGapCode.Decode(code, codedBits, tested, parameter, selection, rounds);
                break;
            default:
                throw new MalformedPayloadException($"test selection layout {layout} is neither the bitmap (0) nor the Rice-coded gaps (1).");
        }
        await reader.EndAsync().ConfigureAwait(false);
        return new TestSelectionMessage(blockId, (int)rounds, selection);
    }

    /// <summary>The whole payload (tests, fuzzing).</summary>
    public byte[] Encode() => WholePayload.Write(WriteAsync);

    /// <summary>A whole payload (tests, fuzzing).</summary>
    public static TestSelectionMessage Decode(ReadOnlySpan<byte> payload, int maxRounds) =>
        WholePayload.Read(payload, (stream, ct) => ReadAsync(stream, maxRounds, ct));
}
