namespace QkdEdge.Delivery.Etsi014;

/// <summary>
/// Why a request was refused before it reached the service: the message (the standard's words first,
/// then the field and the value that broke the rule) and one entry for the error's <c>details</c>.
/// </summary>
public sealed record RequestProblem(string Message, IReadOnlyDictionary<string, object> Detail)
{
    /// <summary>A problem with one parameter (a JSON field by its path, or a query parameter), naming its value when there is one.</summary>
    public static RequestProblem Of(string message, string parameter, string? value = null) =>
        new(message, value is null
            ? new Dictionary<string, object> { ["parameter"] = parameter }
            : new Dictionary<string, object> { ["parameter"] = parameter, ["value"] = value });
}
