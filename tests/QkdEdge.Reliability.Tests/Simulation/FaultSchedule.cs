using System.Globalization;
using System.Text;
using QkdEdge.Protocol.Engine;

namespace QkdEdge.Reliability.Tests.Simulation;

/// <summary>Where a peer-side fault strikes a block: the station whose n-th send it interrupts.</summary>
internal enum PeerFaultKind
{
    /// <summary>The link is cut and comes back: both sides see the session break.</summary>
    LinkCut,
    /// <summary>A message is altered in transit: authentication fails at the receiver, the session breaks.</summary>
    Tamper,
    /// <summary>The station's host is killed (before its send): in-memory state gone, stores reopened from disk.</summary>
    HostKill,
    /// <summary>The station's key store refuses writes from now on (disk full) until the host restarts.</summary>
    KeyStoreFull,
}

/// <summary>
/// A fault on the peer side of one block: it strikes before the station's <paramref name="AtSend"/>-th send
/// (from 0), counting every send, or only sends of <paramref name="AtMessage"/> when that is given.
/// </summary>
internal sealed record PeerFault(int Block, PeerFaultKind Kind, bool AtAlice, int AtSend, BlockMessageKind? AtMessage = null)
{
    public override string ToString() =>
        $"block #{Block}: {Kind} at {(AtAlice ? "alice" : "bob")}'s send {AtSend}{(AtMessage is { } m ? $" of {m}" : "")}";
}

/// <summary>A fault on one station's serial link and ingest, at a fraction of one boot's byte stream.</summary>
internal enum SerialFaultKind
{
    CorruptBytes,
    DropBytes,
    DuplicateBytes,
    /// <summary>The cable is pulled: bytes in flight are lost and the host reconnects with a fresh reader.</summary>
    Unplug,
    /// <summary>The host process dies during ingest: whatever the archive did not make durable is gone.</summary>
    HostKill,
    /// <summary>The archive's disk fills during a segment write: the segment is torn and the host stops and restarts.</summary>
    ArchiveDiskFull,
}

internal sealed record SerialFault(bool AtAlice, int Boot, double At, SerialFaultKind Kind, int Length);

/// <summary>
/// A seeded fault schedule (the FoundationDB "correctness workload plus fault workloads, then a quiet
/// phase" pattern): the run itself (boots, rounds, block size), the faults, and where they fall. Faults
/// strike between 10 % and 85 % of each boot's bytes; the quiet start and end of every boot let the board's
/// Info and last frames through, so every lost round is knowable and the round invariant is exact.
/// </summary>
/// <param name="BoardSeed">The boards' seed for every boot; null: a seed of each boot's own, from the schedule's seed.</param>
/// <param name="Visibility">The emulated source's visibility (detectors are ideal).</param>
internal sealed record FaultSchedule(ulong Seed, int Boots, long RoundsPerBoot, long BlockRounds, IReadOnlyList<SerialFault> Serial,
    IReadOnlyList<PeerFault> Peer, ulong? BoardSeed = null, double Visibility = 1)
{
    public const int BatchSize = 120;

    /// <summary>
    /// Where a key-exchange schedule's peer fault strikes, in turn by seed: (station, message the fault comes
    /// before, which one of that kind). Null is no peer fault. The list runs from mid-reconciliation to the two
    /// steps of the commit: before Bob's Staged (his key staged, Alice not told) and before Alice's Commit (her
    /// key committed, Bob's only staged). The first two leave the key intact whatever the fault.
    /// </summary>
    private static readonly (bool Alice, BlockMessageKind Message, int Occurrence)?[] KeyExchangeStrikes =
    [
        null,
        (true, BlockMessageKind.Commit, 0),
        (true, BlockMessageKind.Syndrome, 0),
        (false, BlockMessageKind.SyndromeReply, 0),
        (false, BlockMessageKind.Staged, 0),
        (true, BlockMessageKind.VerificationTag, 0),
        (false, BlockMessageKind.VerificationResult, 0),
        (true, BlockMessageKind.AmplificationSeed, 0),
    ];

    /// <summary>How many schedules in a row cover every strike point once.</summary>
    public static int KeyExchangeStrikePoints => KeyExchangeStrikes.Length;

    /// <summary>Of those, the ones whose block keeps its key whatever the fault (no fault, or after Alice's commit).</summary>
    public const int KeyPreservingStrikePoints = 2;

    public static FaultSchedule Generate(ulong seed, long? blockRounds = null, long? roundsPerBoot = null)
    {
        var random = new Random(unchecked((int)seed ^ (int)(seed >> 32)));
        int boots = random.NextDouble() < 0.3 ? 2 : 1; // a second boot is a board reset mid-block
        long block = blockRounds ?? 2048;
        long rounds = roundsPerBoot ?? block * random.Next(3, 6) + random.Next(0, (int)block);
        var serial = SerialFaults(random, boots);

        var peer = new List<PeerFault>();
        int peerFaults = random.Next(0, 3);
        for (int i = 0; i < peerFaults; i++)
            peer.Add(new PeerFault(random.Next(0, 6), (PeerFaultKind)random.Next(0, 4), random.Next(2) == 0, random.Next(0, 12)));
        return new FaultSchedule(seed, boots, rounds, block, serial, peer);
    }

    /// <summary>
    /// A schedule over one block large enough for a key: one boot of the boards (seeded with
    /// <paramref name="boardSeed"/>, so schedules can share the capture) just past one block, up to three serial
    /// faults, and one peer fault at a key-exchange step taken in turn from the strike points by seed, of a
    /// random kind. Alice's syndromes are sent once per reconciliation round trip, so the first strikes
    /// mid-reconciliation.
    /// </summary>
    public static FaultSchedule GenerateForKeyExchange(ulong seed, long blockRounds, ulong boardSeed, double visibility)
    {
        var random = new Random(unchecked((int)seed ^ (int)(seed >> 32)));
        // A complete block is cut when the first round past it arrives: a few batches more than the block.
        long rounds = blockRounds + (16 * BatchSize);
        var serial = SerialFaults(random, 1, maxFaults: 3);
        var strike = KeyExchangeStrikes[(int)((seed - 1) % (ulong)KeyExchangeStrikes.Length)];
        var kind = (PeerFaultKind)random.Next(0, 4);
        IReadOnlyList<PeerFault> peer = strike is { } s ? [new PeerFault(0, kind, s.Alice, s.Occurrence, s.Message)] : [];
        return new FaultSchedule(seed, 1, rounds, blockRounds, serial, peer, boardSeed, visibility);
    }

    private static List<SerialFault> SerialFaults(Random random, int boots, int maxFaults = 5)
    {
        var serial = new List<SerialFault>();
        int serialFaults = random.Next(0, maxFaults + 1);
        for (int i = 0; i < serialFaults; i++)
        {
            var kind = (SerialFaultKind)random.Next(0, 6);
            int length = kind switch
            {
                SerialFaultKind.CorruptBytes => random.Next(1, 4),
                SerialFaultKind.DropBytes => random.Next(1, 400),
                SerialFaultKind.DuplicateBytes => random.Next(1, 300),
                SerialFaultKind.Unplug => random.Next(0, 3000),
                _ => random.Next(1, 1 << 20),
            };
            serial.Add(new SerialFault(random.Next(2) == 0, random.Next(boots), 0.10 + 0.75 * random.NextDouble(), kind, length));
        }

        return serial;
    }

    public override string ToString()
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"seed {Seed}: {Boots} boot(s) of {RoundsPerBoot} rounds, blocks of {BlockRounds}");
        foreach (var f in Serial)
            text.Append(CultureInfo.InvariantCulture, $"; {(f.AtAlice ? "alice" : "bob")} boot {f.Boot} at {f.At:P0}: {f.Kind} ({f.Length})");
        foreach (var f in Peer)
            text.Append(CultureInfo.InvariantCulture, $"; {f}");
        return text.ToString();
    }
}
