namespace QkdEdge.Protocol.Messages;

/// <summary>Alice to Bob: which rounds of the block are tested (one bit per round), drawn from Alice's private randomness.</summary>
public sealed record TestSelectionMessage(string BlockId, int Rounds, ulong[] Tested)
{
    /// <summary>The payload, in one array of its exact size (125 MB of selection at 10^9 rounds).</summary>
    public byte[] Encode() =>
        new PayloadWriter(checked((int)(PayloadWriter.TextBytes(BlockId) + 4 + PayloadWriter.BitsBytes(Rounds))))
            .Text(BlockId).U32((uint)Rounds).Bits(Tested, Rounds).ToArray();

    public static TestSelectionMessage Decode(ReadOnlySpan<byte> payload, int maxRounds)
    {
        var reader = new PayloadReader(payload);
        string blockId = reader.Text("block id");
        uint rounds = reader.U32("round count");
        if (rounds == 0 || rounds > (uint)maxRounds)
            throw new MalformedPayloadException($"round count {rounds} outside 1..{maxRounds}.");
        var tested = reader.Bits("test selection", rounds);
        reader.End();
        return new TestSelectionMessage(blockId, (int)rounds, tested);
    }
}
