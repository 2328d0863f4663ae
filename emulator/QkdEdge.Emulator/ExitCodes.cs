namespace QkdEdge.Emulator;

/// <summary>The emulator's exit codes, in one place.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command line did not parse (unknown option, value of the wrong type or out of range).</summary>
    public const int UsageError = 1;

    /// <summary>The run configuration or board profile cannot run (the message names the field).</summary>
    public const int InvalidConfiguration = 2;

    /// <summary>The platform lacks something the command needs (pseudo-terminals outside Linux).</summary>
    public const int Unsupported = 3;

    /// <summary>The emulation itself failed; the message says how.</summary>
    public const int EmulationFailed = 4;

    /// <summary>An unexpected error (a bug).</summary>
    public const int InternalError = 70;
}
