using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using QkdEdge.Delivery.Etsi014;
using QkdEdge.Telemetry;

namespace QkdEdge.Delivery;

/// <summary>
/// The HTTP edge of ETSI GS QKD 014 V1.1.1: routes, query and body parsing, and the JSON responses.
/// Requests are read by hand rather than by parameter binding so that every malformed request gets
/// the standard's error body (status 400 with a message), not the framework's own.
/// </summary>
internal static class KeyDeliveryEndpoints
{
    public static void MapEtsi014(this IEndpointRouteBuilder app, KeyDeliveryService service, SaeAuthenticator authenticator, ILogger logger)
    {
        var keys = app.MapGroup("/api/v1/keys");

        keys.MapGet("/{slave_SAE_ID}/status", (HttpContext context, [FromRoute(Name = "slave_SAE_ID")] string slaveSaeId) =>
            Respond(context, logger, service, () => service.Status(authenticator.Identify(context.Connection.ClientCertificate), slaveSaeId)));

        keys.MapGet("/{slave_SAE_ID}/enc_keys", (HttpContext context, [FromRoute(Name = "slave_SAE_ID")] string slaveSaeId) =>
        {
            var caller = authenticator.Identify(context.Connection.ClientCertificate);
            if (caller is null)
                return Respond(context, logger, service, () => service.EncKeys(null, slaveSaeId, new KeyRequest()));
            if (!TryQueryInt(context, "number", out var number, out var error) || !TryQueryInt(context, "size", out var size, out error))
                return Write(context, service.Refuse<KeyContainer>(DeliveryFailure.BadRequest, error));
            return Respond(context, logger, service, () => service.EncKeys(caller, slaveSaeId, new KeyRequest { Number = number, Size = size }));
        });

        keys.MapPost("/{slave_SAE_ID}/enc_keys", async (HttpContext context, [FromRoute(Name = "slave_SAE_ID")] string slaveSaeId) =>
        {
            var caller = authenticator.Identify(context.Connection.ClientCertificate);
            if (caller is null)
                return Respond(context, logger, service, () => service.EncKeys(null, slaveSaeId, new KeyRequest()));
            var (request, error) = await ReadBody<KeyRequest>(context, emptyMeans: new KeyRequest());
            return request is null
                ? Write(context, service.Refuse<KeyContainer>(DeliveryFailure.BadRequest, error))
                : Respond(context, logger, service, () => service.EncKeys(caller, slaveSaeId, request));
        });

        keys.MapGet("/{master_SAE_ID}/dec_keys", (HttpContext context, [FromRoute(Name = "master_SAE_ID")] string masterSaeId) =>
        {
            var caller = authenticator.Identify(context.Connection.ClientCertificate);
            var ids = context.Request.Query["key_ID"];
            if (caller is not null && ids.Count != 1)
                return Write(context, service.Refuse<KeyContainer>(DeliveryFailure.BadRequest,
                    $"{Etsi014Messages.BadRequestFormat}: GET dec_keys takes exactly one key_ID parameter"));
            return Respond(context, logger, service, () => service.DecKeys(caller, masterSaeId,
                new KeyIdsRequest { KeyIds = [new KeyIdEntry { KeyId = ids.ToString() }] }));
        });

        keys.MapPost("/{master_SAE_ID}/dec_keys", async (HttpContext context, [FromRoute(Name = "master_SAE_ID")] string masterSaeId) =>
        {
            var caller = authenticator.Identify(context.Connection.ClientCertificate);
            if (caller is null)
                return Respond(context, logger, service, () => service.DecKeys(null, masterSaeId, new KeyIdsRequest()));
            var (request, error) = await ReadBody<KeyIdsRequest>(context, emptyMeans: null);
            return request is null
                ? Write(context, service.Refuse<KeyContainer>(DeliveryFailure.BadRequest, error))
                : Respond(context, logger, service, () => service.DecKeys(caller, masterSaeId, request));
        });
    }

    private static IResult Respond<T>(HttpContext context, ILogger logger, KeyDeliveryService service, Func<DeliveryOutcome<T>> call)
        where T : class
    {
        DeliveryOutcome<T> outcome;
        try
        {
            outcome = call();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The standard's 503: the failure is the KME's, and the SAE may retry later.
            logger.LogError(exception, "Key delivery request {Path} failed", context.Request.Path);
            outcome = service.Refuse<T>(DeliveryFailure.ServerError, Etsi014Messages.KeyDataAccessError);
        }
        if (!outcome.Succeeded)
            logger.LogWarning("Key delivery request {Path} refused with {Status}: {Message}", context.Request.Path, outcome.StatusCode, outcome.Error?.Message);
        return Write(context, outcome);
    }

    private static IResult Write<T>(HttpContext context, DeliveryOutcome<T> outcome)
        where T : class
    {
        // Responses carry key material: no cache may keep them.
        context.Response.Headers.CacheControl = "no-store";
        return outcome.Succeeded
            ? Results.Json(outcome.Value, Etsi014Json.Options, statusCode: outcome.StatusCode)
            : Results.Json(outcome.Error, Etsi014Json.Options, statusCode: outcome.StatusCode);
    }

    private static bool TryQueryInt(HttpContext context, string name, out int? value, out string error)
    {
        value = null;
        error = "";
        var values = context.Request.Query[name];
        if (values.Count == 0)
            return true;
        if (values.Count == 1 && int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            value = parsed;
            return true;
        }
        error = $"{Etsi014Messages.BadRequestFormat}: {name} shall be one non-negative integer";
        return false;
    }

    private static async Task<(T? Request, string Error)> ReadBody<T>(HttpContext context, T? emptyMeans)
        where T : class
    {
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
        if (string.IsNullOrWhiteSpace(body))
            return emptyMeans is null ? (null, $"{Etsi014Messages.BadRequestFormat}: the request body is empty") : (emptyMeans, "");
        try
        {
            var request = JsonSerializer.Deserialize<T>(body, Etsi014Json.Options);
            return request is null ? (null, $"{Etsi014Messages.BadRequestFormat}: the request body is null") : (request, "");
        }
        catch (JsonException exception)
        {
            return (null, $"{Etsi014Messages.BadRequestFormat}: {exception.Message}");
        }
    }
}
