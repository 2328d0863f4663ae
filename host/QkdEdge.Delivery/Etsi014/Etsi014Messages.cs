namespace QkdEdge.Delivery.Etsi014;

/// <summary>
/// Error messages worded as ETSI GS QKD 014 V1.1.1 words them (clauses 5.2, 5.3, 6.2), so SAE
/// libraries that recognise the standard's messages classify ours; the rest are ours.
/// </summary>
public static class Etsi014Messages
{
    public const string SizeNotMultipleOf8 = "size shall be a multiple of 8";
    public const string ExtensionMandatoryUnsupported = "not all extension_mandatory parameters are supported";
    public const string KeysNotFound = "one or more keys specified are not found on KME";
    public const string BadRequestFormat = "bad request format";
    public const string Unauthorized = "unauthorized";
    public const string InsufficientKey = "insufficient key material: fewer keys stored than requested";
    public const string KeyDataAccessError = "key data access error";
}
