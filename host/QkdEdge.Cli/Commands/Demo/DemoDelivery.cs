using System.Net;
using QkdEdge.Delivery;
using QkdEdge.Delivery.Client;
using QkdEdge.Delivery.Pki;
using QkdEdge.KeyStore.Delivery;

namespace QkdEdge.Cli.Commands.Demo;

/// <summary>
/// The demo's two KMEs: the ETSI GS QKD 014 interface over HTTPS on loopback (ephemeral ports), one per
/// station on its key store, with a throw-away development PKI whose CA, server certificate and two SAE
/// client certificates (Alice's master SAE, Bob's slave SAE) are also written as PEM files, so the
/// endpoints can be reached with curl while the demo runs.
/// </summary>
internal sealed class DemoDelivery : IAsyncDisposable
{
    public const string MasterSae = "sae-alice";
    public const string SlaveSae = "sae-bob";

    private readonly LoopbackPki _pki;

    private DemoDelivery(LoopbackPki pki, KeyDeliveryHost alice, KeyDeliveryHost bob, string certificates)
    {
        _pki = pki;
        Alice = alice;
        Bob = bob;
        CertificateFolder = certificates;
    }

    public KeyDeliveryHost Alice { get; }

    public KeyDeliveryHost Bob { get; }

    /// <summary>Holds ca.pem, and sae-alice.pem/.key and sae-bob.pem/.key.</summary>
    public string CertificateFolder { get; }

    public static async Task<DemoDelivery> StartAsync(string aliceKeyStore, string bobKeyStore, string certificateFolder, CancellationToken cancellation)
    {
        var pki = DevelopmentPki.ForLoopback([MasterSae, SlaveSae]);
        Task<KeyDeliveryHost>? alice = null, bob = null;
        try
        {
            WritePem(pki, certificateFolder);
            SaeLink[] links = [new(MasterSae, SlaveSae)];
            // Side by side: each start is mostly the web server's own start-up.
            alice = KeyDeliveryHost.StartAsync(Options("kme-alice", "kme-bob", MasterSae, pki, links), aliceKeyStore, cancellationToken: cancellation);
            bob = KeyDeliveryHost.StartAsync(Options("kme-bob", "kme-alice", SlaveSae, pki, links), bobKeyStore, cancellationToken: cancellation);
            await Task.WhenAll(alice, bob).ConfigureAwait(false);
            return new DemoDelivery(pki, alice.Result, bob.Result, certificateFolder);
        }
        catch
        {
            foreach (var started in new[] { alice, bob })
            {
                if (started is { IsCompletedSuccessfully: true })
                    await started.Result.DisposeAsync().ConfigureAwait(false);
            }
            pki.Dispose();
            throw;
        }
    }

    /// <summary>An SAE's client: the master at Alice's KME, the slave at Bob's.</summary>
    public Etsi014Client Client(string sae) =>
        new(sae == MasterSae ? Alice.BaseAddress : Bob.BaseAddress, _pki.Clients[sae], _pki.Authority);

    /// <summary>How to reach the endpoints while the demo runs (a status call only: fetching keys would take them from the demo).</summary>
    public IEnumerable<string> Instructions()
    {
        string Pem(string name) => Path.Combine(CertificateFolder, name);
        yield return $"demo: key delivery (ETSI GS QKD 014, HTTPS with SAE client certificates) while the demo runs: Alice's KME {Alice.BaseAddress} "
            + $"(master SAE {MasterSae}), Bob's KME {Bob.BaseAddress} (slave SAE {SlaveSae}); certificates in {CertificateFolder}, e.g.";
        yield return $"demo:   curl --cacert {Pem("ca.pem")} --cert {Pem(MasterSae + ".pem")} --key {Pem(MasterSae + ".key")} "
            + $"{Alice.BaseAddress}{Etsi014Client.Path(SlaveSae, "status")}";
    }

    public async ValueTask DisposeAsync()
    {
        await Alice.DisposeAsync().ConfigureAwait(false);
        await Bob.DisposeAsync().ConfigureAwait(false);
        _pki.Dispose();
    }

    private static KeyDeliveryOptions Options(string kme, string peer, string sae, LoopbackPki pki, SaeLink[] links) => new()
    {
        KmeId = kme,
        PeerKmeId = peer,
        Endpoint = new IPEndPoint(IPAddress.Loopback, 0),
        ServerCertificate = pki.Server,
        ClientCertificateAuthorities = [pki.Authority],
        Saes = [SaeCredential.BySubjectName(sae, sae)],
        Links = links,
        // The demo hands each block's key out whole where a key ID can describe it: up to 16383 bytes.
        MaxKeySize = 8 * KeyIdCodec.MaxByteLength,
    };

    private static void WritePem(LoopbackPki pki, string folder)
    {
        Directory.CreateDirectory(folder);
        PemFiles.WriteCertificate(pki.Authority, Path.Combine(folder, "ca.pem"));
        foreach (var (sae, certificate) in pki.Clients)
        {
            PemFiles.WriteCertificate(certificate, Path.Combine(folder, sae + ".pem"));
            PemFiles.WritePrivateKey(certificate, Path.Combine(folder, sae + ".key"));
        }
    }
}
