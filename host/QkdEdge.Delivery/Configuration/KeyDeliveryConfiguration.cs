using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using QkdEdge.KeyStore.Delivery;

namespace QkdEdge.Delivery.Configuration;

/// <summary>
/// Reads a station's <c>delivery</c> configuration section (docs/key-delivery.md) into
/// <see cref="KeyDeliveryOptions"/>: the listen URL, the server certificate, the SAE authorities, this
/// station's SAEs and the links between the two stations' SAEs. Every problem is reported with its key
/// and value, all at once, before anything starts; an unknown key is a problem too, since a misspelt
/// setting would otherwise be ignored in silence.
/// </summary>
public static class KeyDeliveryConfiguration
{
    public const string Section = "delivery";

    private static readonly string[] Settings =
    [
        "listen", "kmeId", "peerKmeId", "serverCertificate", "serverKey", "serverCertificatePassword", "clientAuthorities",
        "saes", "links", "keySize", "minKeySize", "maxKeySize", "maxKeysPerRequest", "maxKeyCount",
    ];

    private static readonly string[] SaeSettings = ["id", "certificateSha256", "subjectName"];
    private static readonly string[] LinkSettings = ["master", "slave"];

    /// <summary>
    /// True when the section is absent (<paramref name="options"/> null: no delivery) or valid; false with
    /// every problem in <paramref name="errors"/>. <paramref name="role"/> (alice or bob) names the KMEs by default.
    /// </summary>
    public static bool TryRead(IConfiguration configuration, string role, out KeyDeliveryOptions? options, out IReadOnlyList<string> errors,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        time ??= TimeProvider.System;
        options = null;
        var section = configuration.GetSection(Section);
        var problems = new List<string>();
        errors = problems;
        if (!section.GetChildren().Any())
        {
            if (!string.IsNullOrWhiteSpace(section.Value))
                problems.Add($"{Section} = '{section.Value}' shall be a section with listen, serverCertificate, clientAuthorities, saes and links.");
            return problems.Count == 0;
        }

        Unknown(section, Settings, problems);
        var endpoint = Endpoint(section, problems);
        string kmeId = Text(section, "kmeId") ?? $"kme-{role.ToLowerInvariant()}";
        string peerKmeId = Text(section, "peerKmeId") ?? $"kme-{Other(role)}";
        if (kmeId == peerKmeId)
            problems.Add($"{Section}:kmeId and {Section}:peerKmeId are both '{kmeId}': the two stations' KMEs need different IDs.");
        var server = Server(section, time, problems);
        var authorities = Authorities(section, time, problems);
        var saes = Saes(section, problems);
        var links = Links(section, problems);
        CrossCheck(saes, links, problems);
        int keySize = Bits(section, "keySize", KeyDeliveryOptions.DefaultKeySize, problems);
        int minKeySize = Bits(section, "minKeySize", KeyDeliveryOptions.DefaultMinKeySize, problems);
        int maxKeySize = Bits(section, "maxKeySize", KeyDeliveryOptions.DefaultMaxKeySize, problems);
        if (keySize > 0 && minKeySize > 0 && maxKeySize > 0 && !(minKeySize <= keySize && keySize <= maxKeySize))
            problems.Add($"{Section}: minKeySize ({minKeySize}) <= keySize ({keySize}) <= maxKeySize ({maxKeySize}) does not hold.");
        int perRequest = (int)Whole(section, "maxKeysPerRequest", KeyDeliveryOptions.DefaultMaxKeysPerRequest, 1, 100_000, problems);
        long maxCount = Whole(section, "maxKeyCount", KeyDeliveryOptions.DefaultMaxKeyCount, 0, long.MaxValue, problems);

        if (problems.Count > 0)
        {
            server?.Dispose();
            foreach (var authority in authorities ?? [])
                authority.Dispose();
            return false;
        }

        options = new KeyDeliveryOptions
        {
            KmeId = kmeId,
            PeerKmeId = peerKmeId,
            Endpoint = endpoint!,
            ServerCertificate = server!,
            ClientCertificateAuthorities = authorities!,
            Saes = saes.Select(s => s.Credential!).ToList(),
            Links = links.Select(l => l.Link!).ToList(),
            KeySize = keySize,
            MinKeySize = minKeySize,
            MaxKeySize = maxKeySize,
            MaxKeysPerRequest = perRequest,
            MaxKeyCount = maxCount,
        };
        return true;
    }

    private static string Other(string role) => role.Equals("alice", StringComparison.OrdinalIgnoreCase) ? "bob" : "alice";

    private static string? Text(IConfigurationSection section, string key) =>
        string.IsNullOrWhiteSpace(section[key]) ? null : section[key]!.Trim();

    private static void Unknown(IConfigurationSection section, string[] known, List<string> problems)
    {
        foreach (var child in section.GetChildren())
        {
            if (!known.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
                problems.Add($"{child.Path} is not a setting here; the settings are {string.Join(", ", known)}.");
        }
    }

    private static IPEndPoint? Endpoint(IConfigurationSection section, List<string> problems)
    {
        if (Text(section, "listen") is not { } listen)
        {
            problems.Add($"{Section}:listen is required: the KME's URL, e.g. https://0.0.0.0:8443 (https://127.0.0.1:0 picks a free port on loopback).");
            return null;
        }
        if (ListenAddress.TryParse(listen, out var endpoint, out var problem))
            return endpoint;
        problems.Add($"{Section}:listen = '{listen}' {problem}.");
        return null;
    }

    private static X509Certificate2? Server(IConfigurationSection section, TimeProvider time, List<string> problems)
    {
        if (Text(section, "serverCertificate") is not { } path)
        {
            problems.Add($"{Section}:serverCertificate is required: the KME's TLS certificate with its private key (PKCS#12, or PEM with {Section}:serverKey).");
            return null;
        }
        var certificate = CertificateFiles.LoadServer(path, Text(section, "serverKey"), section["serverCertificatePassword"], time, out var problem);
        if (problem is not null)
            problems.Add($"{Section}:serverCertificate = '{path}' {problem}.");
        return certificate;
    }

    private static IReadOnlyList<X509Certificate2>? Authorities(IConfigurationSection section, TimeProvider time, List<string> problems)
    {
        if (Text(section, "clientAuthorities") is not { } path)
        {
            problems.Add($"{Section}:clientAuthorities is required: a PEM file with the certificate authorities that issue the SAEs' client certificates.");
            return null;
        }
        var authorities = CertificateFiles.LoadAuthorities(path, time, out var problem);
        if (problem is not null)
            problems.Add($"{Section}:clientAuthorities = '{path}' {problem}.");
        return authorities;
    }

    private static List<(string Path, string Id, SaeCredential? Credential)> Saes(IConfigurationSection section, List<string> problems)
    {
        var list = section.GetSection("saes");
        var saes = new List<(string, string, SaeCredential?)>();
        if (!list.GetChildren().Any())
        {
            problems.Add($"{Section}:saes is required: this station's SAEs, e.g. [{{\"id\": \"sae-alice-app\"}}] (bound by client certificate subject CN = id unless certificateSha256 or subjectName is given).");
            return saes;
        }

        foreach (var sae in list.GetChildren())
        {
            Unknown(sae, SaeSettings, problems);
            if (Text(sae, "id") is not { } id)
            {
                problems.Add($"{sae.Path}:id is required: the SAE's ID.");
                continue;
            }
            if (saes.FirstOrDefault(s => s.Item2 == id) is { Item1: { } first })
            {
                problems.Add($"{sae.Path}:id = '{id}' repeats {first}:id.");
                continue;
            }
            string? fingerprint = Text(sae, "certificateSha256");
            string? name = Text(sae, "subjectName");
            SaeCredential? credential = null;
            if (fingerprint is not null && name is not null)
                problems.Add($"{sae.Path} gives both certificateSha256 and subjectName; bind the SAE one way.");
            else if (fingerprint is not null)
            {
                try
                {
                    credential = SaeCredential.ByFingerprint(id, fingerprint);
                }
                catch (ArgumentException)
                {
                    problems.Add($"{sae.Path}:certificateSha256 = '{fingerprint}' is not a SHA-256 fingerprint (64 hex digits, colons allowed).");
                }
            }
            else
            {
                credential = SaeCredential.BySubjectName(id, name ?? id);
            }
            saes.Add((sae.Path, id, credential));
        }
        return saes;
    }

    private static List<(string Path, SaeLink? Link)> Links(IConfigurationSection section, List<string> problems)
    {
        var list = section.GetSection("links");
        var links = new List<(string, SaeLink?)>();
        if (!list.GetChildren().Any())
        {
            problems.Add($"{Section}:links is required: the SAE pairs that share keys, the same list at both stations, e.g. [{{\"master\": \"sae-alice-app\", \"slave\": \"sae-bob-app\"}}].");
            return links;
        }

        foreach (var entry in list.GetChildren())
        {
            Unknown(entry, LinkSettings, problems);
            string? master = Text(entry, "master");
            string? slave = Text(entry, "slave");
            if (master is null || slave is null)
            {
                problems.Add($"{entry.Path} needs both master and slave (SAE IDs).");
                continue;
            }
            if (master == slave)
            {
                problems.Add($"{entry.Path}: master and slave are both '{master}'; a link joins two SAEs.");
                continue;
            }
            var link = new SaeLink(master, slave);
            if (links.FirstOrDefault(l => l.Item2 == link) is { Item1: { } first })
            {
                problems.Add($"{entry.Path} ({master} -> {slave}) repeats {first}.");
                continue;
            }
            links.Add((entry.Path, link));
        }
        return links;
    }

    /// <summary>Each link has one end at each station, and each of this station's SAEs is on some link.</summary>
    private static void CrossCheck(List<(string Path, string Id, SaeCredential? Credential)> saes, List<(string Path, SaeLink? Link)> links, List<string> problems)
    {
        if (saes.Count == 0 || links.Count == 0)
            return;
        var local = saes.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var (path, link) in links)
        {
            bool master = local.Contains(link!.MasterSaeId), slave = local.Contains(link.SlaveSaeId);
            if (master && slave)
                problems.Add($"{path} ({link.MasterSaeId} -> {link.SlaveSaeId}) has both SAEs at this station; the slave SAE belongs to the other station's KME.");
            else if (!master && !slave)
                problems.Add($"{path} ({link.MasterSaeId} -> {link.SlaveSaeId}) has neither SAE in {Section}:saes; one end of every link is this station's.");
        }
        foreach (var (path, id, _) in saes)
        {
            if (!links.Any(l => l.Link!.MasterSaeId == id || l.Link.SlaveSaeId == id))
                problems.Add($"{path}:id = '{id}' is on no link in {Section}:links, so it could never get a key.");
        }
    }

    private static int Bits(IConfigurationSection section, string key, int fallback, List<string> problems)
    {
        long bits = Whole(section, key, fallback, 8, 8L * KeyIdCodec.MaxByteLength, problems);
        if (bits % 8 != 0)
        {
            problems.Add($"{Section}:{key} = {bits} is not a multiple of 8 bits.");
            return 0;
        }
        return (int)bits;
    }

    private static long Whole(IConfigurationSection section, string key, long fallback, long min, long max, List<string> problems)
    {
        if (Text(section, key) is not { } text)
            return fallback;
        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            problems.Add($"{Section}:{key} = '{text}' is not a whole number.");
            return 0;
        }
        if (value < min || value > max)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{Section}:{key} = {value} is out of range: it must lie in {min}..{max}."));
            return 0;
        }
        return value;
    }
}
