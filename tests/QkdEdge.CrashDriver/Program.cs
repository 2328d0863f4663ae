using System.Globalization;
using System.Security.Cryptography;
using QkdEdge.KeyStore;

// A host process for the key-storage kill test: both stations' key stores in one data folder, storing block keys
// without end in the block engine's commit order (Bob stages, Alice stages and commits, Bob commits). The test
// kills this process with SIGKILL at random moments and checks what the stores hold after a restart.
// Usage: QkdEdge.CrashDriver <data folder> <first block number>
if (args.Length != 2 || !long.TryParse(args[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out long block))
{
    Console.Error.WriteLine("usage: QkdEdge.CrashDriver <data folder> <first block number>");
    return 2;
}

using var alice = SqliteKeyStore.Open(Path.Combine(args[0], "alice-keys.db"));
using var bob = SqliteKeyStore.Open(Path.Combine(args[0], "bob-keys.db"));
Console.WriteLine("ready");
for (; ; block++)
{
    string id = $"block-{block}";
    byte[] key = RandomNumberGenerator.GetBytes(4096);
    var provenance = Provenance(id);
    bob.Stage(id, key, key.Length * 8, provenance);
    alice.Stage(id, key, key.Length * 8, provenance);
    alice.Commit(id);
    bob.Commit(id);
}

static KeyProvenance Provenance(string id) => new()
{
    BlockId = id, FirstRound = 0, Rounds = 1, TestRounds = 0, KeyRounds = 1, Chsh = 2.8, ChshLower = 2.7, ChshUpper = 2.9, ErrorRate = 0,
    LeakedBits = 0, EpsSound = 1e-6, EpsEc = 1e-10, EpsPa = 1e-10, Gamma = 0.1, FinalLength = 32768, ArchiveHash = "crash-driver",
    AliceFirmware = "crash-driver", BobFirmware = "crash-driver", Protocol = "CHSH-VV14", ProtocolVersion = "1",
};
