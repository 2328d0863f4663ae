namespace QkdEdge.Cli;

/// <summary>Every exit code the <c>qkdedge</c> tool returns, in one place.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    /// <summary>A command-line value or configuration entry was rejected.</summary>
    public const int BadInput = 2;
    /// <summary>A checked artefact (archive, key store) failed verification.</summary>
    public const int VerificationFailed = 3;
    /// <summary>The protocol aborted: no key was produced.</summary>
    public const int Aborted = 4;
    /// <summary>A device or peer could not be reached or spoke another protocol.</summary>
    public const int LinkFailed = 5;
    /// <summary>A bug: an exception nobody expected.</summary>
    public const int InternalError = 70;
}
