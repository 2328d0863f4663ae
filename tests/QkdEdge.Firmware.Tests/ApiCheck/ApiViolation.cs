namespace QkdEdge.Firmware.Tests.ApiCheck;

/// <summary>One reason the firmware would not build or run on stable nanoFramework.</summary>
/// <param name="Subject">The documentation-comment ID of the symbol, or the name of the language feature.</param>
/// <param name="Reason">Why it is refused.</param>
/// <param name="Location">File and line where it is used.</param>
internal sealed record ApiViolation(string Subject, string Reason, string Location)
{
    public override string ToString() => $"{Location}: {Subject} -- {Reason}";
}
