using QkdEdge.Protocol.Planes;

namespace QkdEdge.Protocol.Engine;

/// <summary>
/// One station's view of a block, after round alignment: round i of this block at Alice and round i
/// at Bob are the same source pulse. Settings and raw click patterns are per round; binning to output
/// bits is the engine's job.
/// </summary>
/// <param name="BlockId">The same at both stations (agreed through alignment).</param>
/// <param name="Settings">This station's setting per paired round, as bit-planes (alphabet: the protocol's inputs for this station's role).</param>
/// <param name="Clicks">This station's raw click pattern per paired round, as detector planes; as many rounds as <paramref name="Settings"/>.</param>
/// <param name="FirstRound">This station's board round index of the block's first round (provenance).</param>
/// <param name="ArchiveHash">Hash-chain head of the archive segment holding the block (provenance).</param>
/// <param name="FirmwareVersion">Firmware version of this station's board (provenance).</param>
public sealed record StationBlock(
    string BlockId,
    SettingPlanes Settings,
    ClickPlanes Clicks,
    long FirstRound,
    string ArchiveHash,
    string FirmwareVersion)
{
    public int Rounds => Settings.Rounds;
}
