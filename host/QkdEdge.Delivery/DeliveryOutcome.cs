using QkdEdge.Delivery.Etsi014;
using QkdEdge.Telemetry;

namespace QkdEdge.Delivery;

/// <summary>A response of the interface before it is written: HTTP status and either the body or the error.</summary>
public sealed record DeliveryOutcome<T>(int StatusCode, T? Value, ErrorResponse? Error, DeliveryFailure? Failure)
    where T : class
{
    public bool Succeeded => Value is not null;

    public static DeliveryOutcome<T> Ok(T value) => new(200, value, null, null);

    public static DeliveryOutcome<T> Fail(DeliveryFailure failure, string message, IReadOnlyList<IReadOnlyDictionary<string, object>>? details = null) =>
        new(StatusOf(failure), null, new ErrorResponse { Message = message, Details = details }, failure);

    /// <summary>ETSI GS QKD 014 V1.1.1 clause 5: 400 bad request, 401 unauthorized, 503 error on the server side.</summary>
    private static int StatusOf(DeliveryFailure failure) => failure switch
    {
        DeliveryFailure.Unauthorized => 401,
        DeliveryFailure.BadRequest or DeliveryFailure.KeyNotFound => 400,
        DeliveryFailure.InsufficientKey or DeliveryFailure.ServerError => 503,
        _ => throw new ArgumentOutOfRangeException(nameof(failure)),
    };
}
