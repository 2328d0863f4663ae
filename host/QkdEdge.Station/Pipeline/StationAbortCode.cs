namespace QkdEdge.Station.Pipeline;

/// <summary>
/// Reason codes of the session's block-abort messages. Below 100 they are the engine's
/// <see cref="Protocol.Engine.BlockAbortCause"/>; from 100 on they are the station's own.
/// </summary>
internal enum StationAbortCode : ushort
{
    /// <summary>Bob has no block covering the rounds Alice opened.</summary>
    NotAvailable = 100,

    /// <summary>Bob's copy of the block cannot run (cut short, or an RNG alarm while it was open).</summary>
    Unusable = 101,

    /// <summary>The two stations' rounds could not be paired.</summary>
    AlignmentFailed = 102,
}
