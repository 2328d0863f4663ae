namespace QkdEdge.Archive;

/// <summary>Bytes inside a hashed segment that do not decode: raised while decoding, reported with a position.</summary>
internal sealed class ArchiveFormatException(string message) : Exception(message);
