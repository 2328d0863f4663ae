using QkdEdge.Protocol.Messages;
using QkdEdge.Protocol.Planes;

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
        var scope = ScopeFor(alphabet, rounds, tested); // the caller's, made before the bound counts the decoder's allocations
        // The receiver's setting planes are sized by its own block (the caller's round count), whatever the peer sends:
        // a reveal may carry half a bit per round or less, so they count in the fixed budget, not per input byte.
        long planes = 8L * RevealMessage.SettingWidth(alphabet) * ((rounds + 63) / 64);
        return AllocationBound.Check(Name, input.Length, 64 * 1024 + planes, BytesPerInputByte, () => Reveal(revealPayload, alphabet, scope));
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

    private static FuzzOutcome Reveal(byte[] payload, int alphabet, RevealScope scope)
    {
        int rounds = scope.Rounds;
        long tested = scope.TestedCount;
        RevealMessage message;
        try
        {
            message = RevealMessage.Decode(payload, alphabet, scope);
        }
        catch (MalformedPayloadException exception)
        {
            return Malformed(exception);
        }

        if (message.Settings.Rounds != rounds || message.Settings.Alphabet != alphabet
            || message.TestedOutputs.Length != (tested + 63) / 64 || TailBits(message.TestedOutputs, tested))
            throw new ContractViolationException($"Decoded a reveal of {message.Settings.Rounds} settings and {message.TestedOutputs.Length} output words for {rounds} rounds, {tested} tested.");
        var settings = message.Settings.ToBytes();
        var reference = SettingsReadRoundByRound(payload, alphabet, scope);
        if (!settings.AsSpan().SequenceEqual(reference))
            throw new ContractViolationException("The bit-plane settings decoder disagrees with reading the settings a round at a time.");
        if (settings.Any(s => s >= alphabet))
            throw new ContractViolationException("A decoded reveal holds a setting outside its alphabet.");
        for (int k = 0; k < message.Settings.Width; k++)
            if (TailBits(message.Settings.Plane(k).ToArray(), rounds))
                throw new ContractViolationException($"Setting plane {k} has bits set past the last round.");
        var again = RevealMessage.Decode(message.Encode(), alphabet, scope);
        if (again.FirmwareVersion != message.FirmwareVersion || !again.Settings.ToBytes().AsSpan().SequenceEqual(settings)
            || !again.TestedOutputs.AsSpan().SequenceEqual(message.TestedOutputs))
            throw new ContractViolationException("A decoded reveal changes when encoded and decoded again.");
        return new FuzzOutcome(true, "RevealMessage");
    }

    /// <summary>
    /// The scope the decoder is called with, from the input's parameters: the first <paramref name="tested"/> rounds
    /// tested, the key setting (rounds + tested) mod alphabet, and for odd alphabets a peer that revealed first
    /// (settings alternating 0, 1, its key setting 1), so that both kinds of scope are fuzzed.
    /// </summary>
    internal static RevealScope ScopeFor(int alphabet, int rounds, int tested)
    {
        var selection = new ulong[(rounds + 63) / 64];
        for (int i = 0; i < tested; i++)
            selection[i >> 6] |= 1UL << (i & 63);
        int key = (rounds + tested) % alphabet;
        if (alphabet % 2 == 0)
            return new RevealScope(selection, rounds, key);
        var peer = SettingPlanes.FromBytes(Enumerable.Range(0, rounds).Select(i => (byte)(i & 1)).ToArray(), 2);
        return new RevealScope(selection, rounds, key, peer, 1);
    }

    /// <summary>
    /// The settings an accepted payload gives, read a bit at a time straight from its bytes (the layout: u16 text
    /// length, text, alphabet and key-setting bytes, then bit strings of a u64 count and bytes, low bit first: a bit per
    /// asked round, bit k of each tested round's setting for every k): the differential reference.
    /// </summary>
    private static byte[] SettingsReadRoundByRound(byte[] payload, int alphabet, RevealScope scope)
    {
        int at = 2 + (payload[0] | payload[1] << 8) + 2;
        int width = RevealMessage.SettingWidth(alphabet), key = scope.KeySetting, other = RevealMessage.OtherSetting(key, alphabet);
        int asked = at + 8;
        var testedStarts = new int[width];
        int next = asked + (int)((scope.AskedCount + 7) / 8);
        for (int k = 0; k < width; k++)
        {
            testedStarts[k] = next + 8;
            next = testedStarts[k] + (int)((scope.TestedCount + 7) / 8);
        }
        var settings = new byte[scope.Rounds];
        long askedIndex = 0, testedIndex = 0;
        for (int i = 0; i < scope.Rounds; i++)
        {
            if ((scope.Tested(i >> 6) >> (i & 63) & 1) != 0)
            {
                for (int k = 0; k < width; k++)
                    settings[i] |= (byte)(Bit(payload, testedStarts[k], testedIndex) << k);
                testedIndex++;
            }
            else if ((scope.Asked(i >> 6) >> (i & 63) & 1) != 0)
            {
                settings[i] = (byte)(Bit(payload, asked, askedIndex++) == 1 ? key : other);
            }
            else
            {
                settings[i] = (byte)other;
            }
        }
        return settings;
    }

    private static int Bit(byte[] payload, int start, long index) => (payload[start + (int)(index >> 3)] >> (int)(index & 7)) & 1;

    private static FuzzOutcome Malformed(MalformedPayloadException exception)
    {
        if (string.IsNullOrWhiteSpace(exception.Message))
            throw new ContractViolationException("MalformedPayloadException without a message.");
        return new FuzzOutcome(false, nameof(MalformedPayloadException));
    }

    /// <summary>True if bits past <paramref name="bits"/> are set in the last word.</summary>
    private static bool TailBits(ulong[] words, long bits) => bits % 64 != 0 && words[^1] >> (int)(bits % 64) != 0;
}
