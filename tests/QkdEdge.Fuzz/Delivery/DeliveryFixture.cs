using System.Net;
using QkdEdge.Delivery;
using QkdEdge.Delivery.Pki;
using QkdEdge.KeyStore;
using QkdEdge.KeyStore.Delivery;

namespace QkdEdge.Fuzz.Delivery;

/// <summary>
/// One station's KME for the delivery target: a key store of committed blocks, built once as a
/// template file and copied before every input, so that each input meets the same undelivered keys
/// (inputs stay independent and replayable). Two links; this station holds the master of the first
/// and the slaves of both, so every call has an SAE that may make it.
/// </summary>
public sealed class DeliveryFixture : IDisposable
{
    public const string Master1 = "sae-m1";
    public const string Slave1 = "sae-s1";
    public const string Master2 = "sae-m2";
    public const string Slave2 = "sae-s2";
    public const int BlockCount = 8;
    public const int BlockBytes = 2048;

    public static readonly SaeLink[] Links = [new(Master1, Slave1), new(Master2, Slave2)];

    private const string FolderPrefix = "qkdedge-fuzz-kme-";

    private static readonly Lazy<LoopbackPki> Certificates = new(() => DevelopmentPki.ForLoopback([]));

    private readonly string _folder;
    private readonly string _template;

    public DeliveryFixture()
    {
        // Each delivery fsyncs the store (synchronous=FULL, WAL checkpoints): on tmpfs that costs nothing.
        string root = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        RemoveOrphans(root);
        _folder = Path.Combine(root, $"{FolderPrefix}{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_folder);
        _template = Path.Combine(_folder, "template.db");
        using var store = SqliteKeyStore.Open(_template);
        for (int i = 0; i < BlockCount; i++)
        {
            var key = new byte[BlockBytes];
            new Random(i).NextBytes(key);
            store.Stage(BlockId(i), key, key.Length * 8, Provenance(BlockId(i), key.Length * 8));
            store.Commit(BlockId(i));
        }
    }

    public static KeyDeliveryOptions Options => new()
    {
        KmeId = "kme-fuzz",
        PeerKmeId = "kme-peer",
        Endpoint = new IPEndPoint(IPAddress.Loopback, 0),
        ServerCertificate = Certificates.Value.Server,
        ClientCertificateAuthorities = [Certificates.Value.Authority],
        Saes = [SaeCredential.BySubjectName(Master1, Master1), SaeCredential.BySubjectName(Slave1, Slave1), SaeCredential.BySubjectName(Slave2, Slave2)],
        Links = Links,
    };

    public static string BlockId(int index) => $"fuzz-block-{index}";

    /// <summary>A key ID this station would accept from <paramref name="link"/>'s slave: the first bytes of a block the link owns.</summary>
    public static string KeyIdFor(SaeLink link, int byteOffset, int byteLength)
    {
        var assignment = new LinkAssignment(Links);
        string block = Enumerable.Range(0, BlockCount).Select(BlockId).First(id => assignment.LinkOf(id) == link);
        return KeyIdCodec.Format(new KeyLocation(BlockTag.Of(block), byteOffset, byteLength));
    }

    /// <summary>A fresh copy of the template store, with its ledger and service; dispose after the call.</summary>
    public Station Open()
    {
        string path = Path.Combine(_folder, "station.db");
        foreach (string suffix in new[] { "-wal", "-shm" })
            File.Delete(path + suffix);
        File.Copy(_template, path, overwrite: true);
        var store = SqliteKeyStore.Open(path);
        var ledger = store.OpenDeliveryLedger();
        return new Station(store, ledger, new KeyDeliveryService(Options, ledger));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A fuzzer stops its target by killing it, so stores of processes that are gone are removed here.</summary>
    private static void RemoveOrphans(string root)
    {
        foreach (string folder in Directory.EnumerateDirectories(root, FolderPrefix + "*"))
        {
            string[] parts = Path.GetFileName(folder)[FolderPrefix.Length..].Split('-');
            if (!int.TryParse(parts[0], out int pid) || ProcessIsAlive(pid))
                continue;
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Another fixture removed it first.
            }
        }
    }

    private static bool ProcessIsAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static KeyProvenance Provenance(string blockId, long bits) => new()
    {
        BlockId = blockId, FirstRound = 0, Rounds = 100_000, TestRounds = 10_000, KeyRounds = 90_000,
        Chsh = 2.7, ChshLower = 2.65, ChshUpper = 2.75, ErrorRate = 0.02, LeakedBits = 20_000,
        EpsSound = 1e-5, EpsEc = 1e-10, EpsPa = 1e-10, Gamma = 0.1, FinalLength = bits,
        ArchiveHash = "00", AliceFirmware = "fw", BobFirmware = "fw", Protocol = "chsh-vv14", ProtocolVersion = "1",
    };

    public sealed class Station(SqliteKeyStore store, KeyDeliveryLedger ledger, KeyDeliveryService service) : IDisposable
    {
        public KeyDeliveryService Service { get; } = service;

        public void Dispose()
        {
            ledger.Dispose();
            store.Dispose();
        }
    }
}
