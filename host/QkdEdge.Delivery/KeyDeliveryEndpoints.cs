using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using QkdEdge.Delivery.Etsi014;
using QkdEdge.Telemetry;

namespace QkdEdge.Delivery;

/// <summary>
/// The HTTP edge of ETSI GS QKD 014 V1.1.1: routes, and the JSON responses. Requests are read by
/// <see cref="Etsi014RequestReader"/> rather than by parameter binding, so that every malformed
/// request gets the standard's error body (status 400, a message naming the field and the value),
/// not the framework's own.
/// </summary>
internal static class KeyDeliveryEndpoints
{
    public static void MapEtsi014(this IEndpointRouteBuilder app, KeyDeliveryService service, SaeAuthenticator authenticator, ILogger logger)
    {
        var keys = app.MapGroup("/api/v1/keys");

        keys.MapGet("/{slave_SAE_ID}/status", (HttpContext context, [FromRoute(Name = "slave_SAE_ID")] string slaveSaeId) =>
        {
            var caller = authenticator.Identify(context.Connection.ClientCertificate);
            if (caller is not null && Etsi014RequestReader.CheckStatusQuery(context.Request.Query) is { } problem)
                return Refuse<StatusResponse>(context, logger, service, problem);
            return Respond(context, logger, service, () => service.Status(caller, slaveSaeId));
        });

        keys.MapGet("/{slave_SAE_ID}/enc_keys", (HttpContext context, [FromRoute(Name = "slave_SAE_ID")] string slaveSaeId) =>
        {
            var caller = authenticator.Identify(context.Connection.ClientCertificate);
            if (caller is null)
                return Respond(context, logger, service, () => service.EncKeys(null, slaveSaeId, new KeyRequest()));
            var (request, problem) = Etsi014RequestReader.ReadKeyRequestQuery(context.Request.Query);
            return request is null
                ? Refuse<KeyContainer>(context, logger, service, problem!)
                : Respond(context, logger, service, () => service.EncKeys(caller, slaveSaeId, request));
        });

        keys.MapPost("/{slave_SAE_ID}/enc_keys", async (HttpContext context, [FromRoute(Name = "slave_SAE_ID")] string slaveSaeId) =>
        {
            var caller = authenticator.Identify(context.Connection.ClientCertificate);
            if (caller is null)
                return Respond(context, logger, service, () => service.EncKeys(null, slaveSaeId, new KeyRequest()));
            var (request, problem) = Etsi014RequestReader.ReadKeyRequest(await ReadBodyAsync(context));
            return request is null
                ? Refuse<KeyContainer>(context, logger, service, problem!)
                : Respond(context, logger, service, () => service.EncKeys(caller, slaveSaeId, request));
        });

        keys.MapGet("/{master_SAE_ID}/dec_keys", (HttpContext context, [FromRoute(Name = "master_SAE_ID")] string masterSaeId) =>
        {
            var caller = authenticator.Identify(context.Connection.ClientCertificate);
            if (caller is null)
                return Respond(context, logger, service, () => service.DecKeys(null, masterSaeId, new KeyIdsRequest()));
            var (request, problem) = Etsi014RequestReader.ReadKeyIdQuery(context.Request.Query);
            return request is null
                ? Refuse<KeyContainer>(context, logger, service, problem!)
                : Respond(context, logger, service, () => service.DecKeys(caller, masterSaeId, request));
        });

        keys.MapPost("/{master_SAE_ID}/dec_keys", async (HttpContext context, [FromRoute(Name = "master_SAE_ID")] string masterSaeId) =>
        {
            var caller = authenticator.Identify(context.Connection.ClientCertificate);
            if (caller is null)
                return Respond(context, logger, service, () => service.DecKeys(null, masterSaeId, new KeyIdsRequest()));
            var (request, problem) = Etsi014RequestReader.ReadKeyIdsRequest(await ReadBodyAsync(context));
            return request is null
                ? Refuse<KeyContainer>(context, logger, service, problem!)
                : Respond(context, logger, service, () => service.DecKeys(caller, masterSaeId, request));
        });
    }

    private static IResult Refuse<T>(HttpContext context, ILogger logger, KeyDeliveryService service, RequestProblem problem)
        where T : class =>
        Respond(context, logger, service, () => service.Refuse<T>(DeliveryFailure.BadRequest, problem.Message, [problem.Detail]));

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
            logger.LogWarning("Key delivery request {Method} {Path} refused with {Status}: {Message}",
                context.Request.Method, context.Request.Path, outcome.StatusCode, outcome.Error?.Message);
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

    /// <summary>The body as UTF-8 text; invalid bytes become replacement characters, which the JSON reader then refuses.</summary>
    private static async Task<string> ReadBodyAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        return await reader.ReadToEndAsync(context.RequestAborted);
    }
}
