using System.Text;
using System.Text.Json;
using QkdEdge.Delivery;
using QkdEdge.Delivery.Etsi014;
using QkdEdge.KeyStore.Delivery;
using QkdEdge.Telemetry;

namespace QkdEdge.Fuzz.Delivery;

/// <summary>
/// ETSI GS QKD 014 requests from a key consumer, read as the endpoints read them and answered by
/// <see cref="KeyDeliveryService"/> over a fresh copy of a key store. Input: the call (POST or GET
/// enc_keys, POST or GET dec_keys, status), the caller's SAE, the SAE named in the path, then the
/// body or query text. Contract: a response of the standard (200, 400, 401, or 503 for too little
/// key) that serialises to JSON, never a server error or an exception (the endpoints would turn one
/// into a 503 "key data access error"); delivered keys have the requested count and size and IDs
/// that decode to them.
/// </summary>
public sealed class DeliveryRequestTarget : FuzzTarget, IDisposable
{
    private static readonly string?[] Callers = [null, DeliveryFixture.Master1, DeliveryFixture.Slave1, DeliveryFixture.Slave2, "sae-unknown"];
    private static readonly string[] PathSaes = [DeliveryFixture.Slave1, DeliveryFixture.Master1, DeliveryFixture.Slave2, DeliveryFixture.Master2, "sae-unknown"];

    private readonly Lazy<DeliveryFixture> _fixture = new(() => new DeliveryFixture());

    public enum Call : byte
    {
        PostEncKeys,
        PostDecKeys,
        GetDecKeys,
        GetEncKeys,
        Status,
    }

    public override string Name => "delivery-requests";

    public override string Description => "call, caller, path SAE, body/query -> ETSI 014 request reading and KeyDeliveryService; standard responses only";

    public override IEnumerable<FuzzSeed> Seeds() => DeliverySeeds.All();

    /// <summary>An input for <paramref name="call"/> by <paramref name="caller"/> (index into the SAE table) with <paramref name="text"/>.</summary>
    public static byte[] Input(Call call, int caller, int pathSae, string text) => [(byte)call, (byte)caller, (byte)pathSae, .. Encoding.UTF8.GetBytes(text)];

    public override FuzzOutcome Run(ReadOnlySpan<byte> input)
    {
        var reader = new InputReader(input);
        var call = (Call)(reader.U8() % 5);
        string? caller = Callers[reader.U8() % Callers.Length];
        string pathSae = PathSaes[reader.U8() % PathSaes.Length];
        byte[] text = reader.Rest().ToArray();
        using var station = _fixture.Value.Open();
        return AllocationBound.Check(Name, input.Length, 8 * 1024 * 1024, 256, () => Serve(station.Service, call, caller, pathSae, text));
    }

    public void Dispose()
    {
        if (_fixture.IsValueCreated)
            _fixture.Value.Dispose();
    }

    /// <summary>What the endpoints do for <paramref name="call"/>, in the same order, with the same request reader.</summary>
    private static FuzzOutcome Serve(KeyDeliveryService service, Call call, string? caller, string pathSae, byte[] text)
    {
        switch (call)
        {
            case Call.Status:
                if (caller is not null && Etsi014RequestReader.CheckStatusQuery(EndpointParsing.Query(text)) is { } statusProblem)
                    return Check(Refuse<StatusResponse>(service, statusProblem), null);
                return Check(service.Status(caller, pathSae), null);
            case Call.PostEncKeys:
            {
                if (caller is null)
                    return Check(service.EncKeys(null, pathSae, new KeyRequest()), null);
                var (request, problem) = Etsi014RequestReader.ReadKeyRequest(EndpointParsing.Body(text));
                return request is null ? Check(Refuse<KeyContainer>(service, problem!), null) : Check(service.EncKeys(caller, pathSae, request), request);
            }
            case Call.GetEncKeys:
            {
                if (caller is null)
                    return Check(service.EncKeys(null, pathSae, new KeyRequest()), null);
                var (request, problem) = Etsi014RequestReader.ReadKeyRequestQuery(EndpointParsing.Query(text));
                return request is null ? Check(Refuse<KeyContainer>(service, problem!), null) : Check(service.EncKeys(caller, pathSae, request), request);
            }
            case Call.PostDecKeys:
            {
                if (caller is null)
                    return Check(service.DecKeys(null, pathSae, new KeyIdsRequest()), null);
                var (request, problem) = Etsi014RequestReader.ReadKeyIdsRequest(EndpointParsing.Body(text));
                return request is null ? Check(Refuse<KeyContainer>(service, problem!), null) : Check(service.DecKeys(caller, pathSae, request), request);
            }
            default:
            {
                if (caller is null)
                    return Check(service.DecKeys(null, pathSae, new KeyIdsRequest()), null);
                var (request, problem) = Etsi014RequestReader.ReadKeyIdQuery(EndpointParsing.Query(text));
                return request is null ? Check(Refuse<KeyContainer>(service, problem!), null) : Check(service.DecKeys(caller, pathSae, request), request);
            }
        }
    }

    private static DeliveryOutcome<T> Refuse<T>(KeyDeliveryService service, RequestProblem problem)
        where T : class => service.Refuse<T>(DeliveryFailure.BadRequest, problem.Message, [problem.Detail]);

    private static FuzzOutcome Check<T>(DeliveryOutcome<T> outcome, object? request)
        where T : class
    {
        if (outcome.StatusCode is not (200 or 400 or 401 or 503) || outcome.Failure == DeliveryFailure.ServerError
            || (outcome.StatusCode == 503 && outcome.Failure != DeliveryFailure.InsufficientKey))
            throw new ContractViolationException($"Status {outcome.StatusCode} ({outcome.Failure}): {outcome.Error?.Message}");
        // The endpoints write exactly this object as the response body.
        string body = outcome.Succeeded
            ? JsonSerializer.Serialize(outcome.Value, Etsi014Json.Options)
            : JsonSerializer.Serialize(outcome.Error, Etsi014Json.Options);
        if (!outcome.Succeeded)
        {
            if (string.IsNullOrWhiteSpace(outcome.Error?.Message))
                throw new ContractViolationException($"A {outcome.StatusCode} response without a message: {body}");
            return new FuzzOutcome(false, $"{outcome.StatusCode} {outcome.Failure}");
        }

        if (outcome.Value is KeyContainer keys)
            CheckKeys(keys, request);
        return new FuzzOutcome(true, $"200 {typeof(T).Name}");
    }

    private static void CheckKeys(KeyContainer container, object? request)
    {
        var sizes = new List<int>();
        foreach (var key in container.Keys)
        {
            if (!KeyIdCodec.TryDecode(key.KeyId, out var location) || Convert.FromBase64String(key.Key).Length != location.ByteLength)
                throw new ContractViolationException($"Delivered key {key.KeyId} does not match its ID.");
            sizes.Add(location.ByteLength * 8);
        }

        switch (request)
        {
            case KeyRequest r when sizes.Count != (r.Number ?? 1) || sizes.Any(s => s != (r.Size ?? DeliveryFixture.Options.KeySize)):
                throw new ContractViolationException($"Asked for {r.Number ?? 1} keys of {r.Size} bits, got {string.Join(",", sizes)}.");
            case KeyIdsRequest r when r.KeyIds is null || r.KeyIds.Count != container.Keys.Count
                || !r.KeyIds.Zip(container.Keys).All(p => string.Equals(p.First.KeyId, p.Second.KeyId, StringComparison.OrdinalIgnoreCase)):
                throw new ContractViolationException($"Asked for {r.KeyIds?.Count} key IDs, got {container.Keys.Count} other keys.");
        }
    }
}
