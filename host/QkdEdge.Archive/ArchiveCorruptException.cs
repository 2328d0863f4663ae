namespace QkdEdge.Archive;

/// <summary>
/// The archive on disk is damaged where a writer or reader cannot repair it (anything but a torn tail),
/// or was changed after it was written. Carries the first bad byte and segment.
/// </summary>
public sealed class ArchiveCorruptException : Exception
{
    public ArchiveCorruptException(ArchiveVerificationReport report)
        : base($"Archive damaged at byte {report.FirstBadOffset} (segment {report.FirstBadSegment}): {report.Problem}")
    {
        Report = report;
    }

    public ArchiveVerificationReport Report { get; }
}
