namespace QkdEdge.Ingest.Tests.Support;

/// <summary>A test that needs Linux pseudo-terminals; skipped (not failed) elsewhere.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
            Skip = "Needs Linux pseudo-terminals.";
    }
}
