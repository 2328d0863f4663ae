using System.Net;
using QkdEdge.Delivery.Etsi014;

namespace QkdEdge.Delivery.Client;

/// <summary>A KME's answer: the value on success, otherwise the status and the standard's error body if it sent one.</summary>
public sealed record Etsi014Response<T>(HttpStatusCode Status, T? Value, ErrorResponse? Error)
    where T : class
{
    public bool Succeeded => Status == HttpStatusCode.OK && Value is not null;
}
