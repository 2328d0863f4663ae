using System.Buffers;
using QkdEdge.Peer.Messages;
using QkdEdge.Peer.Session;
using QkdEdge.Peer.Transport;
using QkdEdge.Protocol.Messages;
using QkdEdge.Protocol.Planes;

namespace QkdEdge.Fuzz.Peer;

/// <summary>
/// Seeds for the peer targets: what each end of a real session over the fixture key put on the
/// wire (for the raw target), and a block's worth of messages as payload records (for the
/// authenticated target), with test-selection and reveal payloads of the block protocol inside.
/// </summary>
public static class PeerSeeds
{
    /// <summary>The messages Alice sends in one block: open, engine data, commit, then an aborted block and a bye.</summary>
    public static IReadOnlyList<PeerMessage> BlockScript()
    {
        var random = new Random(21);
        var tested = new ulong[4];
        tested[0] = 0x0000_0100_0000_8001UL;
        tested[3] = 0x11;
        var settings = new byte[200];
        for (int i = 0; i < settings.Length; i++)
            settings[i] = (byte)random.Next(3);
        var noise = new byte[300];
        random.NextBytes(noise);
        return
        [
            new BlockOpenMessage(1, 0, 200, "chsh-vv14"u8.ToArray()),
            new DataMessage(1, 1, new TestSelectionMessage("block-1", 200, tested).Encode()),
            new DataMessage(1, 2, new RevealMessage(SettingPlanes.FromBytes(settings, 3), [0b1011], new RevealScope(tested, 200, 2), "fw 1.2.3").Encode()),
            new DataMessage(1, 3, noise),
            new BlockCommitMessage(1, new byte[] { 9, 9 }),
            new BlockOpenMessage(2, 200, 400, ReadOnlyMemory<byte>.Empty),
            new BlockAbortMessage(2, 3, "CHSH test failed"),
            new ByeMessage(0, "session closed"),
        ];
    }

    public static IEnumerable<FuzzSeed> RecordedSessions()
    {
        var (aliceBytes, bobBytes) = RecordSessionAsync().GetAwaiter().GetResult();
        yield return new FuzzSeed("recorded-alice-to-answering-bob", [0, .. aliceBytes]);
        yield return new FuzzSeed("recorded-bob-to-dialling-alice", [1, .. bobBytes]);
        yield return new FuzzSeed("empty-stream", [0]);
    }

    public static IEnumerable<FuzzSeed> AuthenticatedScripts()
    {
        var hello = new HelloMessage(PeerSession.ProtocolVersion, PeerSession.ProtocolVersion, PeerRole.Alice, 1, 0, Enumerable.Range(1, 16).Select(i => (byte)i).ToArray(),
            new byte[HelloMessage.NonceBytes], "chsh-vv14"u8.ToArray());
        byte[] script = [.. Records([hello, .. BlockScript()])];
        yield return new FuzzSeed("valid-block-bob-answers", [0, .. script]);
        yield return new FuzzSeed("valid-block-bob-dials", [1, .. script]);
    }

    private static IEnumerable<byte> Records(IEnumerable<PeerMessage> messages)
    {
        foreach (var message in messages)
        {
            var payload = new ArrayBufferWriter<byte>();
            PeerMessageCodec.Encode(message, payload);
            yield return (byte)message.Type;
            yield return (byte)payload.WrittenCount;
            yield return (byte)(payload.WrittenCount >> 8);
            foreach (byte b in payload.WrittenSpan.ToArray())
                yield return b;
        }
    }

    /// <summary>Runs a real session (Alice dials, sends the block script, says bye) and returns each end's bytes.</summary>
    private static async Task<(byte[] Alice, byte[] Bob)> RecordSessionAsync()
    {
        var (a, b) = InMemoryTransport.CreatePair();
        var aliceEnd = new RecordingStream(a);
        var bobEnd = new RecordingStream(b);
        var accept = PeerSession.AcceptAsync(bobEnd, PeerFixture.Options(PeerRole.Bob, PeerFixture.Pool()) with { LeaveTransportOpen = true });
        var alice = await PeerSession.ConnectAsync(aliceEnd, PeerFixture.Options(PeerRole.Alice, PeerFixture.Pool()) with { LeaveTransportOpen = true });
        var bob = await accept;
        foreach (var message in BlockScript())
        {
            await alice.SendAsync(message);
            await bob.ReceiveAsync();
        }

        await alice.DisposeAsync();
        await bob.DisposeAsync();
        return (aliceEnd.Written, bobEnd.Written);
    }
}
