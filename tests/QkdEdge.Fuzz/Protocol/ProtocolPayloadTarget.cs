using QkdEdge.Protocol.Messages;

namespace QkdEdge.Fuzz.Protocol;

/// <summary>
/// The block protocol's payload decoders, which read what the peer engine sent inside data
/// messages. Input: a selector byte (even: <see cref="TestSelectionMessage"/>, odd:
/// <see cref="RevealMessage"/>), the caller's parameters (round limit; or alphabet, round count and
/// tested count) and the payload. Contract: a decoded message or
/// <see cref="MalformedPayloadException"/>, nothing else; a decoded message is well-formed (no bits
/// past its length, settings inside the alphabet) and survives encode/decode unchanged; no
/// allocation larger than the payload can justify.
/// </summary>
public sealed class ProtocolPayloadTarget : FuzzTarget
{
    /// <summary>
    /// Text fields decode strictly (invalid UTF-8 is refused at the first bad byte), so a payload costs
    /// its text as UTF-16 (two bytes per byte), the unpacked words and settings and the copies of the
    /// payload: 32 bytes per input byte covers that with room, while anything that allocates what a
    /// length field claims still exceeds it.
    /// </summary>
    private const int BytesPerInputByte = 32;

    public override string Name => "protocol-payloads";

    public override string Description => "selector, caller parameters, payload -> TestSelectionMessage/RevealMessage.Decode; MalformedPayloadException only";

    public override IEnumerable<FuzzSeed> Seeds() => ProtocolSeeds.All();

    public override FuzzOutcome Run(ReadOnlySpan<byte> input)
    {
        var reader = new InputReader(input);
        bool reveal = (reader.U8() & 1) != 0;
        if (!reveal)
        {
            int maxRounds = 1 + reader.U16();
            byte[] payload = reader.Rest().ToArray();
            return AllocationBound.Check(Name, input.Length, 64 * 1024, BytesPerInputByte, () => Selection(payload, maxRounds));
        }

        int alphabet = 2 + reader.U8() % 254;
        int rounds = reader.U16();
        int tested = reader.U16() % (rounds + 1);
        byte[] revealPayload = reader.Rest().ToArray();
        return AllocationBound.Check(Name, input.Length, 64 * 1024, BytesPerInputByte, () => Reveal(revealPayload, alphabet, rounds, tested));
    }

    private static FuzzOutcome Selection(byte[] payload, int maxRounds)
    {
        TestSelectionMessage message;
        try
        {
            message = TestSelectionMessage.Decode(payload, maxRounds);
        }
        catch (MalformedPayloadException exception)
        {
            return Malformed(exception);
        }

        if (message.Rounds < 1 || message.Rounds > maxRounds || message.Tested.Length != (message.Rounds + 63) / 64 || TailBits(message.Tested, message.Rounds))
            throw new ContractViolationException($"Decoded a selection of {message.Rounds} rounds in {message.Tested.Length} words, limit {maxRounds}.");
        var again = TestSelectionMessage.Decode(message.Encode(), maxRounds);
        if (again.BlockId != message.BlockId || again.Rounds != message.Rounds || !again.Tested.AsSpan().SequenceEqual(message.Tested))
            throw new ContractViolationException("A decoded test selection changes when encoded and decoded again.");
        return new FuzzOutcome(true, "TestSelectionMessage");
    }

    private static FuzzOutcome Reveal(byte[] payload, int alphabet, int rounds, int tested)
    {
        RevealMessage message;
        try
        {
            message = RevealMessage.Decode(payload, alphabet, rounds, tested);
        }
        catch (MalformedPayloadException exception)
        {
            return Malformed(exception);
        }

        if (message.Settings.Rounds != rounds || message.Settings.Alphabet != alphabet
            || message.TestedOutputs.Length != (tested + 63) / 64 || TailBits(message.TestedOutputs, tested))
            throw new ContractViolationException($"Decoded a reveal of {message.Settings.Rounds} settings and {message.TestedOutputs.Length} output words for {rounds} rounds, {tested} tested.");
        var settings = message.Settings.ToBytes();
        var reference = SettingsReadRoundByRound(payload, alphabet, rounds);
        if (!settings.AsSpan().SequenceEqual(reference))
            throw new ContractViolationException("The bit-plane settings decoder disagrees with reading the settings a round at a time.");
        if (settings.Any(s => s >= alphabet))
            throw new ContractViolationException("A decoded reveal holds a setting outside its alphabet.");
        for (int k = 0; k < message.Settings.Width; k++)
            if (TailBits(message.Settings.Plane(k).ToArray(), rounds))
                throw new ContractViolationException($"Setting plane {k} has bits set past the last round.");
        var again = RevealMessage.Decode(message.Encode(), alphabet, rounds, tested);
        if (again.FirmwareVersion != message.FirmwareVersion || !again.Settings.ToBytes().AsSpan().SequenceEqual(settings)
            || !again.TestedOutputs.AsSpan().SequenceEqual(message.TestedOutputs))
            throw new ContractViolationException("A decoded reveal changes when encoded and decoded again.");
        return new FuzzOutcome(true, "RevealMessage");
    }

    /// <summary>
    /// The settings field of an accepted payload, read a bit at a time straight from the bytes (the layout: u16 text
    /// length, text, alphabet byte, u64 bit count, then the fields low bit first): the differential reference.
    /// </summary>
    private static byte[] SettingsReadRoundByRound(byte[] payload, int alphabet, int rounds)
    {
        int start = 2 + (payload[0] | payload[1] << 8) + 1 + 8;
        int width = RevealMessage.SettingWidth(alphabet);
        var settings = new byte[rounds];
        for (int i = 0; i < rounds; i++)
            for (int k = 0; k < width; k++)
            {
                long bit = (long)i * width + k;
                settings[i] |= (byte)(((payload[start + (int)(bit >> 3)] >> (int)(bit & 7)) & 1) << k);
            }
        return settings;
    }

    private static FuzzOutcome Malformed(MalformedPayloadException exception)
    {
        if (string.IsNullOrWhiteSpace(exception.Message))
            throw new ContractViolationException("MalformedPayloadException without a message.");
        return new FuzzOutcome(false, nameof(MalformedPayloadException));
    }

    /// <summary>True if bits past <paramref name="bits"/> are set in the last word.</summary>
    private static bool TailBits(ulong[] words, long bits) => bits % 64 != 0 && words[^1] >> (int)(bits % 64) != 0;
}
