using QkdEdge.Peer.Authentication;
using QkdEdge.Peer.Messages;
using QkdEdge.Peer.Session;

namespace QkdEdge.Host.Tests.Peer.Session;

/// <summary>
/// One attack: Alice sends a block (hello, open, data..., commit, bye) through a tampering proxy to Bob. Returns
/// what Bob saw, so the test can check the invariant: Bob's session breaks, he received exactly the messages
/// before the tampered frame and nothing after, and the block is marked broken.
/// </summary>
internal static class TamperTrial
{
    public sealed record Outcome(
        TamperPlan Plan,
        int ScriptLength,
        List<PeerMessage> Sent,
        List<PeerMessage> Delivered,
        PeerSessionBrokenException? BobBreak,
        PeerBlockState BobBlockState);

    public static TamperPlan DrawPlan(Random random, int scriptLength)
    {
        int frames = scriptLength + 2; // hello, script, bye
        var kind = (TamperKind)random.Next(5);
        return kind switch
        {
            TamperKind.AlterByte => new TamperPlan(kind, random.Next(frames), ByteOffset: random.Next(1 << 20), Xor: (byte)random.Next(1, 256)),
            TamperKind.Replay => random.Next(frames - 1) + 1 is var f ? new TamperPlan(kind, f, ReplayOf: random.Next(f)) : null!,
            // Holding back Alice's hello stalls both ends (each waits for the other's hello): that attack is
            // caught by the receive timeout, tested on its own, not in these loops.
            TamperKind.Reorder => new TamperPlan(kind, 1 + random.Next(frames - 2)),
            TamperKind.Drop => new TamperPlan(kind, 1 + random.Next(frames - 1)),
            _ => new TamperPlan(kind, random.Next(frames), ByteOffset: random.Next(1 << 20)),
        };
    }

    public static async Task<Outcome> RunAsync(int seed, Stream aliceEnd, Stream bobEnd, Func<TamperPlan, Task>? startProxy = null)
    {
        var random = new Random(seed);
        var script = PeerTestKit.BlockScript(random);
        var plan = DrawPlan(random, script.Count);
        if (startProxy is not null)
            await startProxy(plan);
        byte[] secret = PeerTestKit.Secret(seed, 8192);
        var alicePool = AuthenticationKeyPool.InMemory(secret);
        var bobPool = AuthenticationKeyPool.InMemory(secret);

        var delivered = new List<PeerMessage>();
        PeerSessionBrokenException? bobBreak = null;
        PeerBlockState state = PeerBlockState.Unknown;
        var bobTask = Task.Run(async () =>
        {
            PeerSession? bob = null;
            try
            {
                bob = await PeerSession.AcceptAsync(bobEnd, PeerTestKit.Options(PeerRole.Bob, bobPool));
                while (true)
                {
                    var message = await bob.ReceiveAsync();
                    if (message is ByeMessage)
                        break;
                    delivered.Add(message);
                }
            }
            catch (PeerSessionBrokenException ex)
            {
                bobBreak = ex;
            }
            finally
            {
                if (bob is not null)
                {
                    state = bob.GetBlockState(1);
                    await bob.DisposeAsync();
                }
            }
        });

        var sent = new List<PeerMessage>();
        try
        {
            await using var alice = await PeerSession.ConnectAsync(aliceEnd, PeerTestKit.Options(PeerRole.Alice, alicePool));
            foreach (var message in script)
            {
                await alice.SendAsync(message);
                sent.Add(message);
            }
        }
        catch (PeerSessionBrokenException)
        {
            // Bob hung up after detecting the attack: Alice's side breaks too, which is all she can do.
        }
        await bobTask;
        return new Outcome(plan, script.Count, sent, delivered, bobBreak, state);
    }

    /// <summary>Returns null when the invariant holds, otherwise what went wrong.</summary>
    public static string? Check(Outcome o)
    {
        if (o.BobBreak is null)
            return $"{o.Plan}: Bob's session did not break (delivered {o.Delivered.Count} messages)";
        int expected = Math.Max(0, o.Plan.Frame - 1);
        if (o.Delivered.Count != expected)
            return $"{o.Plan}: Bob received {o.Delivered.Count} messages, expected exactly the {expected} before the tampered frame ({o.BobBreak.Reason})";
        for (int i = 0; i < expected; i++)
        {
            if (!PeerTestKit.SameContent(o.Delivered[i], o.Sent[i]))
                return $"{o.Plan}: message {i} differs from what Alice sent";
        }
        if (expected >= 1 && (o.BobBlockState != PeerBlockState.Broken || !o.BobBreak.AffectedBlocks.Contains(1)))
            return $"{o.Plan}: block 1 is {o.BobBlockState} after the break";
        return null;
    }
}
