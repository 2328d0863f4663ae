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
            return Refuse<KeyContainer>(DeliveryFailure.BadRequest,
                $"{Etsi014Messages.ExtensionMandatoryUnsupported}: {string.Join(", ", names.Select(Etsi014RequestReader.Echo))}",
                [new Dictionary<string, object> { ["extension_mandatory_unsupported"] = names }]);
        }
        if (request.AdditionalSlaveSaeIds is { Count: > 0 } additional)
            return Refuse<KeyContainer>(DeliveryFailure.BadRequest,
                $"additional_slave_SAE_IDs are not supported: max_SAE_ID_count is 0, and the request names {string.Join(", ", additional.Select(id => $"'{Etsi014RequestReader.Echo(id)}'"))}",
                [Detail("additional_slave_SAE_IDs", additional)]);

        var number = request.Number ?? 1;
        var size = request.Size ?? _options.KeySize;
        if (number < 1 || number > _options.MaxKeysPerRequest)
            return Refuse<KeyContainer>(DeliveryFailure.BadRequest,
                $"number shall be between 1 and max_key_per_request ({_options.MaxKeysPerRequest}), not {number}", [Detail("number", number)]);
        if (size % 8 != 0)
            return Refuse<KeyContainer>(DeliveryFailure.BadRequest, $"{Etsi014Messages.SizeNotMultipleOf8}, not {size}", [Detail("size", size)]);
        if (size < _options.MinKeySize || size > _options.MaxKeySize)
            return Refuse<KeyContainer>(DeliveryFailure.BadRequest,
                $"size shall be between min_key_size ({_options.MinKeySize}) and max_key_size ({_options.MaxKeySize}), not {size}", [Detail("size", size)]);

        var result = _ledger.TakeAsMaster(_assignment.Serves(link), number, size / 8, link.MasterSaeId, link.SlaveSaeId);
        if (result.Status != TakeStatus.Delivered)
        {
            var stored = _ledger.Level(_assignment.Serves(link), size / 8).StoredKeyCount;
            return Refuse<KeyContainer>(DeliveryFailure.InsufficientKey,
                $"{Etsi014Messages.InsufficientKey}: {number} keys of {size} bits asked for, {stored} stored",
                [new Dictionary<string, object> { ["stored_key_count"] = stored }]);
        }
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
            return Refuse<KeyContainer>(DeliveryFailure.BadRequest, $"{Etsi014Messages.BadRequestFormat}: key_IDs shall list at least one key_ID",
                [Detail("key_IDs", "[]")]);
        if (ids.Count > _options.MaxKeysPerRequest)
            return Refuse<KeyContainer>(DeliveryFailure.BadRequest,
                $"key_IDs shall list at most max_key_per_request ({_options.MaxKeysPerRequest}) keys, not {ids.Count}", [Detail("key_IDs", ids.Count)]);
        var locations = new List<KeyLocation>(ids.Count);
        for (var i = 0; i < ids.Count; i++)
        {
            var text = ids[i]?.KeyId ?? "";
            if (!KeyIdText.IsCanonical(text) || !KeyIdCodec.TryDecode(text, out var location))
                return Refuse<KeyContainer>(DeliveryFailure.KeyNotFound,
                    $"{Etsi014Messages.KeysNotFound}: key_IDs[{i}] = '{Etsi014RequestReader.Echo(text)}' is not a key_ID this KME issues (a version-8 UUID in 8-4-4-4-12 form)",
                    [KeyIdDetail(text)]);
            // Two IDs of one request that share bits (the same ID in another case, say) would deliver those bits twice.
            var clash = locations.FindIndex(l => l.Block == location.Block && l.ByteOffset < location.ByteEnd && location.ByteOffset < l.ByteEnd);
            if (clash >= 0)
                return Refuse<KeyContainer>(DeliveryFailure.KeyNotFound,
                    $"{Etsi014Messages.KeysNotFound}: key_IDs[{i}] = '{text}' names bits that key_IDs[{clash}] = '{ids[clash]!.KeyId}' names too (key_IDs compare ignoring case)",
                    [KeyIdDetail(text)]);
            locations.Add(location);
        }

        var result = _ledger.TakeAsSlave(locations, _assignment.Serves(link), link.MasterSaeId, link.SlaveSaeId);
        return result.Status switch
        {
            // Answered under the text the SAE sent: the ledger formats IDs in lower case, the SAE may have sent upper case.
            TakeStatus.Delivered => Delivered(SaeRole.Slave, result, i => ids[i]!.KeyId!),
            // Clause 5.3: keys that were not issued for this master/slave pair are refused as unauthorized.
            TakeStatus.OtherLink => Refuse<KeyContainer>(DeliveryFailure.Unauthorized,
                $"{Etsi014Messages.Unauthorized}: {Named(ids, result.RefusedIndex)} was not issued for SAE '{callerSaeId}' by SAE '{masterSaeId}'"),
            // The ledger refuses the request as a whole and names the first ID it could not serve.
            _ => Refuse<KeyContainer>(DeliveryFailure.KeyNotFound,
                $"{Etsi014Messages.KeysNotFound}: {Named(ids, result.RefusedIndex)} names no undelivered key here (unknown block, beyond the block's key, or delivered already){(ids.Count > 1 ? $"; none of the {ids.Count} keys was delivered" : "")}",
                [.. (result.RefusedIndex is int at ? [ids[at]] : ids).Select(id => KeyIdDetail(id!.KeyId!))]),
        };
    }

    /// <summary>The refused key_ID as a message names it: by position when the request has several.</summary>
    private static string Named(IReadOnlyList<KeyIdEntry?> ids, int? index) => index switch
    {
        int at when ids.Count > 1 => $"key_IDs[{at}] = '{ids[at]!.KeyId}'",
        int at => $"key_ID '{ids[at]!.KeyId}'",
        _ => ids.Count == 1 ? $"key_ID '{ids[0]!.KeyId}'" : $"one of the {ids.Count} key_IDs",
    };

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

    private static IReadOnlyDictionary<string, object> Detail(string parameter, object value) =>
        new Dictionary<string, object> { ["parameter"] = parameter, ["value"] = value };

    private static IReadOnlyDictionary<string, object> KeyIdDetail(string keyId) =>
        new Dictionary<string, object> { ["key_ID"] = Etsi014RequestReader.Echo(keyId) };

    private DeliveryOutcome<KeyContainer> Delivered(SaeRole role, TakeResult result, Func<int, string>? keyIdOf = null)
    {
        var entries = new KeyEntry[result.Keys.Count];
        long bits = 0;
        for (var i = 0; i < entries.Length; i++)
        {
            var key = result.Keys[i];
            entries[i] = new KeyEntry { KeyId = keyIdOf?.Invoke(i) ?? key.KeyId, Key = Convert.ToBase64String(key.Key) };
            bits += 8L * key.Key.Length;
            // The response string is the only copy that must live on; the store copy is already erased.
            CryptographicOperations.ZeroMemory(key.Key);
        }
        _metrics?.KeysDelivered(role, entries.Length, bits);
        return DeliveryOutcome<KeyContainer>.Ok(new KeyContainer { Keys = entries });
    }
}
