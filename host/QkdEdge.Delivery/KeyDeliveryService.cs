using System.Security.Cryptography;
using QkdEdge.Delivery.Etsi014;
using QkdEdge.KeyStore.Delivery;
using QkdEdge.Telemetry;

namespace QkdEdge.Delivery;

/// <summary>
/// The three ETSI GS QKD 014 calls, without HTTP: who may ask what, the request's checks, and the
/// ledger that delivers each key once per station. The caller's SAE ID comes from its verified
/// client certificate; null means the caller proved no SAE identity.
/// </summary>
public sealed class KeyDeliveryService
{
    private readonly KeyDeliveryOptions _options;
    private readonly KeyDeliveryLedger _ledger;
    private readonly StationMetrics? _metrics;
    private readonly LinkAssignment _assignment;
    private readonly HashSet<string> _localSaes;

    public KeyDeliveryService(KeyDeliveryOptions options, KeyDeliveryLedger ledger, StationMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(ledger);
        options.Validate();
        _options = options;
        _ledger = ledger;
        _metrics = metrics;
        _assignment = new LinkAssignment(options.Links);
        _localSaes = options.Saes.Select(s => s.SaeId).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Get status (clause 5.1): called by a master SAE about one of its slave SAEs.</summary>
    public DeliveryOutcome<StatusResponse> Status(string? callerSaeId, string slaveSaeId)
    {
        if (MasterLink(callerSaeId, slaveSaeId) is not { } link)
            return Refuse<StatusResponse>(DeliveryFailure.Unauthorized, UnauthorizedMessage(callerSaeId, slaveSaeId));
        var level = _ledger.Level(_assignment.Serves(link), _options.KeySize / 8);
        return DeliveryOutcome<StatusResponse>.Ok(new StatusResponse
        {
            SourceKmeId = _options.KmeId,
            TargetKmeId = _options.PeerKmeId,
            MasterSaeId = link.MasterSaeId,
            SlaveSaeId = link.SlaveSaeId,
            KeySize = _options.KeySize,
            StoredKeyCount = level.StoredKeyCount,
            MaxKeyCount = _options.MaxKeyCount,
            MaxKeyPerRequest = _options.MaxKeysPerRequest,
            MaxKeySize = _options.MaxKeySize,
            MinKeySize = _options.MinKeySize,
            MaxSaeIdCount = 0,
        });
    }

    /// <summary>Get key (clause 5.2): a master SAE asks for new keys to share with <paramref name="slaveSaeId"/>.</summary>
    public DeliveryOutcome<KeyContainer> EncKeys(string? callerSaeId, string slaveSaeId, KeyRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (MasterLink(callerSaeId, slaveSaeId) is not { } link)
            return Refuse<KeyContainer>(DeliveryFailure.Unauthorized, UnauthorizedMessage(callerSaeId, slaveSaeId));

        if (request.ExtensionMandatory is { Count: > 0 } mandatory)
        {
            // This KME implements no extensions, so every mandatory one is unsupported.
            var names = mandatory.SelectMany(e => e.ValueKind == System.Text.Json.JsonValueKind.Object
                ? e.EnumerateObject().Select(p => p.Name) : [e.ToString()]).ToArray();
            return Refuse<KeyContainer>(DeliveryFailure.BadRequest, Etsi014Messages.ExtensionMandatoryUnsupported,
                [new Dictionary<string, object> { ["extension_mandatory_unsupported"] = names }]);
        }
        if (request.AdditionalSlaveSaeIds is { Count: > 0 })
            return Refuse<KeyContainer>(DeliveryFailure.BadRequest, "additional_slave_SAE_IDs are not supported: max_SAE_ID_count is 0");

        var number = request.Number ?? 1;
        var size = request.Size ?? _options.KeySize;
        if (number < 1 || number > _options.MaxKeysPerRequest)
            return Refuse<KeyContainer>(DeliveryFailure.BadRequest, $"number shall be between 1 and max_key_per_request ({_options.MaxKeysPerRequest})");
        if (size % 8 != 0)
            return Refuse<KeyContainer>(DeliveryFailure.BadRequest, Etsi014Messages.SizeNotMultipleOf8);
        if (size < _options.MinKeySize || size > _options.MaxKeySize)
            return Refuse<KeyContainer>(DeliveryFailure.BadRequest, $"size shall be between min_key_size ({_options.MinKeySize}) and max_key_size ({_options.MaxKeySize})");

        var result = _ledger.TakeAsMaster(_assignment.Serves(link), number, size / 8, link.MasterSaeId, link.SlaveSaeId);
        if (result.Status != TakeStatus.Delivered)
            return Refuse<KeyContainer>(DeliveryFailure.InsufficientKey, Etsi014Messages.InsufficientKey,
                [new Dictionary<string, object> { ["stored_key_count"] = _ledger.Level(_assignment.Serves(link), size / 8).StoredKeyCount }]);
        return Delivered(SaeRole.Master, result);
    }

    /// <summary>Get key with key IDs (clause 5.3): a slave SAE asks for the keys its master SAE received.</summary>
    public DeliveryOutcome<KeyContainer> DecKeys(string? callerSaeId, string masterSaeId, KeyIdsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var link = callerSaeId is not null && _localSaes.Contains(callerSaeId)
            ? _options.Links.FirstOrDefault(l => l.MasterSaeId == masterSaeId && l.SlaveSaeId == callerSaeId)
            : null;
        if (link is null)
            return Refuse<KeyContainer>(DeliveryFailure.Unauthorized, UnauthorizedMessage(callerSaeId, masterSaeId));

        var ids = request.KeyIds;
        if (ids is null || ids.Count == 0)
            return Refuse<KeyContainer>(DeliveryFailure.BadRequest, $"{Etsi014Messages.BadRequestFormat}: key_IDs shall list at least one key_ID");
        if (ids.Count > _options.MaxKeysPerRequest)
            return Refuse<KeyContainer>(DeliveryFailure.BadRequest, $"key_IDs shall list at most max_key_per_request ({_options.MaxKeysPerRequest}) keys");
        var locations = new List<KeyLocation>(ids.Count);
        foreach (var id in ids)
        {
            if (!KeyIdCodec.TryDecode(id?.KeyId, out var location))
                return Refuse<KeyContainer>(DeliveryFailure.KeyNotFound, Etsi014Messages.KeysNotFound,
                    [new Dictionary<string, object> { ["key_ID"] = id?.KeyId ?? "" }]);
            locations.Add(location);
        }

        var result = _ledger.TakeAsSlave(locations, _assignment.Serves(link), link.MasterSaeId, link.SlaveSaeId);
        return result.Status switch
        {
            TakeStatus.Delivered => Delivered(SaeRole.Slave, result),
            // Clause 5.3: keys that were not issued for this master/slave pair are refused as unauthorized.
            TakeStatus.OtherLink => Refuse<KeyContainer>(DeliveryFailure.Unauthorized,
                $"{Etsi014Messages.Unauthorized}: one or more keys were not issued for SAE '{callerSaeId}'"),
            _ => Refuse<KeyContainer>(DeliveryFailure.KeyNotFound, Etsi014Messages.KeysNotFound),
        };
    }

    /// <summary>Counts a refusal that happened before a call reached this service (no SAE identity, unreadable request, server error).</summary>
    public DeliveryOutcome<T> Refuse<T>(DeliveryFailure failure, string message, IReadOnlyList<IReadOnlyDictionary<string, object>>? details = null)
        where T : class
    {
        _metrics?.DeliveryFailed(failure);
        return DeliveryOutcome<T>.Fail(failure, message, details);
    }

    /// <summary>Undelivered key across all links, for the key store gauges.</summary>
    public LinkLevel StoreLevel() => _ledger.Level(_ => true, _options.KeySize / 8);

    private SaeLink? MasterLink(string? callerSaeId, string slaveSaeId) =>
        callerSaeId is not null && _localSaes.Contains(callerSaeId)
            ? _options.Links.FirstOrDefault(l => l.MasterSaeId == callerSaeId && l.SlaveSaeId == slaveSaeId)
            : null;

    private static string UnauthorizedMessage(string? callerSaeId, string otherSaeId) => callerSaeId is null
        ? $"{Etsi014Messages.Unauthorized}: no client certificate bound to an SAE of this KME"
        : $"{Etsi014Messages.Unauthorized}: SAE '{callerSaeId}' has no key link with SAE '{otherSaeId}' at this KME";

    private DeliveryOutcome<KeyContainer> Delivered(SaeRole role, TakeResult result)
    {
        var entries = new KeyEntry[result.Keys.Count];
        long bits = 0;
        for (var i = 0; i < entries.Length; i++)
        {
            var key = result.Keys[i];
            entries[i] = new KeyEntry { KeyId = key.KeyId, Key = Convert.ToBase64String(key.Key) };
            bits += 8L * key.Key.Length;
            // The response string is the only copy that must live on; the store copy is already erased.
            CryptographicOperations.ZeroMemory(key.Key);
        }
        _metrics?.KeysDelivered(role, entries.Length, bits);
        return DeliveryOutcome<KeyContainer>.Ok(new KeyContainer { Keys = entries });
    }
}
