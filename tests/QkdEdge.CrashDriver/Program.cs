using System.Diagnostics;
using System.Globalization;
using QkdEdge.CrashDriver;
using QkdEdge.KeyStore;
using QkdEdge.Protocol.Description;
using QkdEdge.Protocol.Engine;
using QkdEdge.Protocol.Reconciliation;
using QkdEdge.Station.Configuration;
using QkdEdge.Station.Pipeline;

// A host process for the key-storage kill test: both stations' block engines (the station's own engine,
// ProtocolBlockEngine over LDPC reconciliation) on their key stores, running one block after another over a
// peer channel in memory, each a full block of the station's plan with its two-phase commit (Bob stages, Alice
// stages and commits, Bob commits). It says on standard output when a block's key storage begins (Bob has the
// amplification seed and computes, then stages, his key), when Bob has staged, when Alice has committed, and
// when a block is stored with how long each part took; the test kills the process with SIGKILL at random
// moments in between and restarts the stations from their data folders. Given a step, the process instead
// sends itself SIGKILL there, in its first block: bob-staged (Bob's key staged, Alice not told),
// alice-committed (Alice's key committed, Bob's only staged) or bob-received-commit (the same, as Bob reads it).
// Usage: QkdEdge.CrashDriver <alice key store> <bob key store> <paired block file> <first block number> <test fraction> <expected CHSH> <expected error rate> [step]
if (args.Length is not (7 or 8) || !long.TryParse(args[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out long block)
    || !double.TryParse(args[4], NumberStyles.Float, CultureInfo.InvariantCulture, out double gamma)
    || !double.TryParse(args[5], NumberStyles.Float, CultureInfo.InvariantCulture, out double chsh)
    || !double.TryParse(args[6], NumberStyles.Float, CultureInfo.InvariantCulture, out double errorRate))
{
    Console.Error.WriteLine("usage: QkdEdge.CrashDriver <alice key store> <bob key store> <paired block file> <first block number> <test fraction> <expected CHSH> <expected error rate> [step]");
    return 2;
}

string? killAt = args.Length == 8 ? args[7] : null;

void Step(string step, string id)
{
    Console.WriteLine($"{step} {id}");
    if (step == killAt)
        Process.GetCurrentProcess().Kill(); // SIGKILL to itself: nothing after this line runs
}

// The engine settings of the station's plan (StationPlanner): its statistics and default security parameters,
// with the test fraction it chose.
var protocol = new ProtocolOptions { ExpectedChsh = chsh, ExpectedErrorRate = errorRate };
var settings = new EngineSettings
{
    TestFraction = gamma,
    ExpectedChsh = protocol.ExpectedChsh,
    ExpectedErrorRate = protocol.ExpectedErrorRate,
    Security = protocol.Security,
    KeyCompleteness = protocol.KeyCompleteness,
    Analysis = protocol.Analysis,
};

using var aliceStore = SqliteKeyStore.Open(args[0]);
using var bobStore = SqliteKeyStore.Open(args[1]);
var alice = new ProtocolBlockEngine(new BlockEngine(Protocols.ChshVaziraniVidick, settings, aliceStore, new LdpcReconciliation()));
var bob = new ProtocolBlockEngine(new BlockEngine(Protocols.ChshVaziraniVidick, settings, bobStore, new LdpcReconciliation()));
Console.WriteLine("ready");
for (; ; block++)
{
    string id = $"block-{block:D6}";
    var (aliceBlock, bobBlock) = PairedBlockFile.Read(args[2], id);
    var storing = new Stopwatch();
    var staged = new Stopwatch();
    var link = new MemoryBlockLink(
        sending: (role, kind) =>
        {
            // Alice sends Commit only after her store has committed the key; Bob sends Staged after staging his.
            if (role == StationRole.Alice && kind == BlockMessageKind.Commit)
                Step("alice-committed", id);
            if (role == StationRole.Bob && kind == BlockMessageKind.Staged)
            {
                storing.Stop();
                staged.Start();
                Step("bob-staged", id);
            }
        },
        received: (role, kind) =>
        {
            // With the amplification seed Bob has everything for the key: he stages it next.
            if (role == StationRole.Bob && kind == BlockMessageKind.AmplificationSeed)
            {
                storing.Start();
                Console.WriteLine($"storing {id}");
            }

            // Bob commits right after reading Commit.
            if (role == StationRole.Bob && kind == BlockMessageKind.Commit)
                Step("bob-received-commit", id);
        });
    var outcomes = await Task.WhenAll(
        Task.Run(() => alice.RunAsync(StationRole.Alice, aliceBlock, link.Alice, CancellationToken.None)),
        Task.Run(() => bob.RunAsync(StationRole.Bob, bobBlock, link.Bob, CancellationToken.None)));
    Console.WriteLine(outcomes.All(o => o.IsKey)
        ? FormattableString.Invariant($"stored {id} {storing.Elapsed.TotalMilliseconds:F1} {staged.Elapsed.TotalMilliseconds:F1} {outcomes[0].KeySha256}")
        : $"aborted {id} {outcomes[0].Cause} {outcomes[1].Cause}");
}
