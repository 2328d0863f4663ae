namespace QkdEdge.Protocol.Messages;

/// <summary>Alice to Bob: which rounds of the block are tested (one bit per round), drawn from Alice's private randomness.</summary>
public sealed record TestSelectionMessage(string BlockId, int Rounds, ulong[] Tested)
{
    /// <summary>Writes the payload a chunk at a time (125 MB of selection at 10^9 rounds).</summary>
    public async Task WriteAsync(Stream stream, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(new PayloadWriter().Text(BlockId).U32((uint)Rounds).ToArray(), cancellationToken).ConfigureAwait(false);
        await StreamPayloadWriter.WriteBitsAsync(stream, Tested, Rounds, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a payload while it arrives; <paramref name="maxRounds"/> bounds what the peer may make this side allocate.</summary>
    public static async Task<TestSelectionMessage> ReadAsync(Stream stream, int maxRounds, CancellationToken cancellationToken)
    {
        var reader = new StreamPayloadReader(stream, cancellationToken);
        string blockId = await reader.TextAsync("block id").ConfigureAwait(false);
        uint rounds = await reader.U32Async("round count").ConfigureAwait(false);
        if (rounds == 0 || rounds > (uint)maxRounds)
            throw new MalformedPayloadException($"round count {rounds} outside 1..{maxRounds}.");
        var tested = await reader.BitsAsync("test selection", rounds).ConfigureAwait(false);
        await reader.EndAsync().ConfigureAwait(false);
        return new TestSelectionMessage(blockId, (int)rounds, tested);
    }

    /// <summary>The whole payload (tests, fuzzing).</summary>
    public byte[] Encode() => WholePayload.Write(WriteAsync);

    /// <summary>A whole payload (tests, fuzzing).</summary>
    public static TestSelectionMessage Decode(ReadOnlySpan<byte> payload, int maxRounds) =>
        WholePayload.Read(payload, (stream, ct) => ReadAsync(stream, maxRounds, ct));
}
