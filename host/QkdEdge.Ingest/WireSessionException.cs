namespace QkdEdge.Ingest;

/// <summary>A session-level failure of a board link (see <see cref="WireSessionFailure"/>); the link is unusable afterwards.</summary>
public sealed class WireSessionException : Exception
{
    public WireSessionException(WireSessionFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
    }

    public WireSessionFailure Failure { get; }
}
