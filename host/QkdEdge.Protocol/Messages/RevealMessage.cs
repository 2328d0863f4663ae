using System.Numerics;
using QkdEdge.Distillation.Bits;
using QkdEdge.Protocol.Planes;

namespace QkdEdge.Protocol.Messages;

/// <summary>
/// Each way: the station's settings as far as its <see cref="RevealScope"/> asks, the output bit of every tested round,
/// in round order, and the station's board firmware version (provenance of the key). On the wire: the firmware text,
/// the alphabet and the key setting (a byte each), then bit strings, each a u64 bit count and its bytes: one bit per
/// asked round, set where the round is on the key setting; for each setting bit k (ceil(log2 alphabet) of them), bit k
/// of every tested round's setting; the tested rounds' outputs.
/// </summary>
/// <param name="Settings">
/// The sender's settings. A receiver gets every tested round's setting as sent, the key setting where an asked round
/// is on it, and elsewhere a setting that is not the key setting (<see cref="OtherSetting"/>): what the tally and
/// sifting read of it is then exactly what the sender's own settings give.
/// </param>
public sealed record RevealMessage(SettingPlanes Settings, ulong[] TestedOutputs, RevealScope Scope, string FirmwareVersion)
{
    public static int SettingWidth(int alphabet) => SettingPlanes.WidthFor(alphabet);

    /// <summary>
    /// The setting a receiver puts where it only knows that a round is not on the key setting (or, for Alice's reveal,
    /// knows nothing, the round not being a key round either way). A one-letter alphabet has only the key setting.
    /// </summary>
    public static int OtherSetting(int keySetting, int alphabet) => alphabet == 1 ? 0 : keySetting == 0 ? 1 : 0;

    public long TestedCount => Scope.TestedCount;

    /// <summary>Writes the payload, the key-setting bits a chunk at a time as they are gathered.</summary>
    public async Task WriteAsync(Stream stream, CancellationToken cancellationToken)
    {
        var settings = Settings;
        var scope = Scope;
        if (settings.Rounds != scope.Rounds)
            throw new InvalidOperationException($"Settings of {settings.Rounds} rounds in a reveal of {scope.Rounds}.");
        await stream.WriteAsync(new PayloadWriter().Text(FirmwareVersion).U8((byte)settings.Alphabet).U8((byte)scope.KeySetting).ToArray(),
            cancellationToken).ConfigureAwait(false);
        var keyBits = new MaskedBits.Gather(w => settings.Matches(w, scope.KeySetting), scope.Asked, scope.WordCount);
        await StreamPayloadWriter.WriteBitsAsync(stream, scope.AskedCount, keyBits.Fill, cancellationToken).ConfigureAwait(false);
        for (int k = 0; k < settings.Width; k++)
        {
            var bits = new ulong[PackedBits.WordCount(scope.TestedCount)];
            var appender = new BitAppender(bits, 0);
            var plane = settings.Plane(k);
            for (int w = 0; w < scope.WordCount; w++)
            {
                ulong tested = scope.Tested(w);
                appender.Append(BitGather.Extract(plane[w], tested), BitOperations.PopCount(tested));
            }
            appender.Flush();
            await StreamPayloadWriter.WriteBitsAsync(stream, bits, scope.TestedCount, cancellationToken).ConfigureAwait(false);
        }
        await StreamPayloadWriter.WriteBitsAsync(stream, TestedOutputs, scope.TestedCount, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a payload while it arrives, the key-setting bits straight into the planes.</summary>
    public static async Task<RevealMessage> ReadAsync(Stream stream, int alphabet, RevealScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var reader = new StreamPayloadReader(stream, cancellationToken);
        string firmware = await reader.TextAsync("firmware version").ConfigureAwait(false);
        byte declared = await reader.U8Async("alphabet").ConfigureAwait(false);
        if (declared != alphabet)
            throw new MalformedPayloadException($"alphabet {declared} where {alphabet} was expected.");
        byte key = await reader.U8Async("key setting").ConfigureAwait(false);
        if (key != scope.KeySetting)
            throw new MalformedPayloadException($"key setting {key} where {scope.KeySetting} was expected.");

        int width = SettingWidth(alphabet), rounds = scope.Rounds;
        var planes = SettingPlanes.Allocate(width, rounds);
        // The key-setting bits land in one plane first (the lowest set bit of the key setting, plane 0 for setting 0)
        // and are spread over the others below, so no extra plane-sized buffer is needed.
        int holder = key == 0 ? 0 : BitOperations.TrailingZeroCount(key);
        var keyBits = new MaskedBits.Scatter(scope.Asked, planes[holder], scope.WordCount);
        long left = scope.AskedCount;
        await reader.BitChunksAsync("key-setting bits", scope.AskedCount, (first, bytes) =>
        {
            long bits = Math.Min(left, 8L * bytes.Length);
            keyBits.Consume(bytes, bits);
            left -= bits;
        }).ConfigureAwait(false);
        keyBits.Finish();

        var testedSettings = new ulong[width][];
        for (int k = 0; k < width; k++)
            testedSettings[k] = await reader.BitsAsync($"tested settings, bit {k}", scope.TestedCount).ConfigureAwait(false);
        var outputs = await reader.BitsAsync("tested outputs", scope.TestedCount).ConfigureAwait(false);
        await reader.EndAsync().ConfigureAwait(false);

        Assemble(planes, holder, key, OtherSetting(key, alphabet), testedSettings, scope);
        return new RevealMessage(Checked(planes, alphabet, rounds), outputs, scope, firmware);
    }

    /// <summary>The whole payload (tests, fuzzing): <see cref="WriteAsync"/> into memory, which completes synchronously.</summary>
    public byte[] Encode() => WholePayload.Write(WriteAsync);

    /// <summary>A whole payload (tests, fuzzing): <see cref="ReadAsync"/> over memory, which completes synchronously.</summary>
    public static RevealMessage Decode(ReadOnlySpan<byte> payload, int alphabet, RevealScope scope) =>
        WholePayload.Read(payload, (stream, ct) => ReadAsync(stream, alphabet, scope, ct));

    /// <summary>
    /// Per 64 rounds: tested rounds take their sent settings, asked rounds on the key setting take it, and every other
    /// round the other setting. The key-setting bits arrive in plane <paramref name="holder"/>.
    /// </summary>
    private static void Assemble(ulong[][] planes, int holder, int key, int other, ulong[][] testedSettings, RevealScope scope)
    {
        long next = 0;
        for (int w = 0; w < scope.WordCount; w++)
        {
            ulong tested = scope.Tested(w);
            int count = BitOperations.PopCount(tested);
            ulong onKey = planes[holder][w];
            ulong rest = ~tested & ~onKey & PackedBits.WordMask(scope.Rounds, w);
            for (int k = 0; k < planes.Length; k++)
            {
                ulong word = count == 0 ? 0 : BitGather.Deposit(PackedBits.ReadBits(testedSettings[k], next, count), tested);
                if (((key >> k) & 1) != 0)
                    word |= onKey;
                if (((other >> k) & 1) != 0)
                    word |= rest;
                planes[k][w] = word;
            }
            next += count;
        }
    }

    /// <summary>The assembled planes as settings; a tested setting outside the alphabet is the peer's error.</summary>
    private static SettingPlanes Checked(ulong[][] planes, int alphabet, int rounds)
    {
        var settings = SettingPlanes.Wrap(alphabet, rounds, planes);
        if (alphabet < 1 << settings.Width)
        {
            for (int w = 0; w < settings.WordCount; w++)
            {
                ulong outside = settings.AtLeast(w, alphabet);
                if (outside != 0)
                {
                    long round = ((long)w << 6) + BitOperations.TrailingZeroCount(outside);
                    throw new MalformedPayloadException($"round {round}: setting {settings.ValueAt(round)} outside the alphabet of {alphabet}.");
                }
            }
        }
        return settings;
    }
}
