namespace QkdEdge.Telemetry;

/// <summary>Why a key delivery request was refused (label <c>reason</c>).</summary>
public enum DeliveryFailure
{
    /// <summary>No client certificate, a certificate bound to no SAE, or an SAE asking outside its links (HTTP 401).</summary>
    Unauthorized = 0,
    /// <summary>A malformed request or one outside the KME's limits (HTTP 400).</summary>
    BadRequest = 1,
    /// <summary>Key IDs that name no undelivered key here (HTTP 400).</summary>
    KeyNotFound = 2,
    /// <summary>Not enough committed, undelivered key for the request (HTTP 503).</summary>
    InsufficientKey = 3,
    /// <summary>The KME failed while serving the request (HTTP 503).</summary>
    ServerError = 4,
}
