using QkdEdge.Alignment;
using QkdEdge.Archive;
using QkdEdge.Protocol.Planes;

namespace QkdEdge.Station.Blocks;

/// <summary>
/// A block the archive has cut, with this station's rounds in it (gaps simply absent), ready to be
/// aligned with the peer's copy and run.
/// </summary>
/// <param name="Descriptor">The archive's cut: range, epoch, rounds present, why it ended.</param>
/// <param name="Tags">Board round index of each present round (increasing) and its coarse time tag in board ticks,
/// compactly: under half a byte per round for periodic triggers.</param>
/// <param name="Settings">Setting per round, as bit-planes.</param>
/// <param name="Clicks">Raw click pattern per round, as detector planes.</param>
/// <param name="ArchiveHead">Hash-chain head of the archive once the cut was durable (provenance).</param>
/// <param name="FirmwareVersion">Firmware of the board that produced the rounds.</param>
/// <param name="RngAlarm">The board reported an RNG health alarm while the block was open: the block must not make key.</param>
/// <param name="OpenedAt">When the block's first round reached the host.</param>
/// <param name="ClosedAt">When the cut was durable.</param>
public sealed record ClosedBlock(
    BlockDescriptor Descriptor,
    BlockTags Tags,
    SettingPlanes Settings,
    ClickPlanes Clicks,
    string ArchiveHead,
    string FirmwareVersion,
    bool RngAlarm,
    DateTimeOffset OpenedAt,
    DateTimeOffset ClosedAt)
{
    private BlockTags? _tags = Tags;
    private SettingPlanes? _settings = Settings;
    private ClickPlanes? _clicks = Clicks;

    public BlockTags Tags => _tags ?? throw Released();

    public SettingPlanes Settings => _settings ?? throw Released();

    public ClickPlanes Clicks => _clicks ?? throw Released();

    /// <summary>Rounds present (kept after <see cref="ReleaseRounds"/>).</summary>
    public int Count { get; } = Tags.Count;

    /// <summary>
    /// Keeps only the round indices of the block's tags: Bob's time tags are of no more use once they are on their way
    /// to Alice, and he then waits for her whole alignment (about 20 s at 10^9 rounds) holding about 400 MB of them.
    /// Pairing reads indices only.
    /// </summary>
    public void ReleaseTimeTags()
    {
        if (_tags is { } tags)
            _tags = tags.IndicesOnly();
    }

    /// <summary>
    /// Lets go of the block's tags and planes once its paired rounds are built: the largest things a station holds
    /// (at 10^9 rounds the tags alone are about 400 MB on a jittery clock, and the planes half a gigabyte), which
    /// would otherwise stay reachable from the pipeline until the block is closed. What remains is its descriptor
    /// and provenance.
    /// </summary>
    public void ReleaseRounds()
    {
        _tags = null;
        _settings = null;
        _clicks = null;
    }

    public long FirstRound => Descriptor.FirstRound;

    public long EndRound => Descriptor.EndRound;

    /// <summary>Only complete blocks run: one cut short by a board reset or the end of the run is too small for its plan.</summary>
    public bool IsComplete => Descriptor.End == BlockEnd.Complete;

    private InvalidOperationException Released() =>
        new($"Block {Descriptor.BlockId}'s rounds were released once paired; only its descriptor and provenance remain.");
}
