using QkdEdge.Peer.Messages;

namespace QkdEdge.Peer.Session;

/// <summary>
/// The block rules of the envelope, for messages sent and received alike: data, commit and abort need an open
/// block; a block id is opened once per side; a side that committed sends no more data for the block; a block
/// is committed when both sides committed. Pure: the session asks it before sending and after verifying.
/// </summary>
internal sealed class PeerBlockLedger
{
    private readonly Dictionary<long, Entry> _blocks = [];

    private sealed class Entry
    {
        public PeerBlockState State = PeerBlockState.Open;
        public bool OpenedBySelf;
        public bool OpenedByPeer;
        public bool CommittedBySelf;
        public bool CommittedByPeer;
    }

    public PeerBlockState StateOf(long blockId) => _blocks.TryGetValue(blockId, out var e) ? e.State : PeerBlockState.Unknown;

    public IReadOnlyList<long> Unfinished() => _blocks.Where(b => b.Value.State == PeerBlockState.Open).Select(b => b.Key).Order().ToArray();

    /// <summary>Returns why the message breaks the rules, or null; <paramref name="self"/> says who sends it.</summary>
    public string? Check(PeerMessage message, bool self)
    {
        switch (message)
        {
            case BlockOpenMessage m:
                if (!_blocks.TryGetValue(m.BlockId, out var opened))
                    return null;
                if (opened.State != PeerBlockState.Open)
                    return $"block {m.BlockId} is already {opened.State}";
                return (self ? opened.OpenedBySelf : opened.OpenedByPeer) ? $"block {m.BlockId} opened twice by the same side" : null;
            case DataMessage m:
                return CheckOpen(m.BlockId, self, forData: true);
            case BlockCommitMessage m:
                return CheckOpen(m.BlockId, self, forData: true);
            case BlockAbortMessage m:
                return CheckOpen(m.BlockId, self, forData: false);
            case HelloMessage:
                return "hello after the handshake";
            default:
                return null;
        }
    }

    public void Apply(PeerMessage message, bool self)
    {
        switch (message)
        {
            case BlockOpenMessage m:
                if (!_blocks.TryGetValue(m.BlockId, out var e))
                    _blocks[m.BlockId] = e = new Entry();
                if (self)
                    e.OpenedBySelf = true;
                else
                    e.OpenedByPeer = true;
                break;
            case BlockCommitMessage m:
                var c = _blocks[m.BlockId];
                if (self)
                    c.CommittedBySelf = true;
                else
                    c.CommittedByPeer = true;
                if (c.CommittedBySelf && c.CommittedByPeer)
                    c.State = PeerBlockState.Committed;
                break;
            case BlockAbortMessage m:
                _blocks[m.BlockId].State = PeerBlockState.Aborted;
                break;
            case ByeMessage:
                EndAll(PeerBlockState.Aborted);
                break;
        }
    }

    /// <summary>Moves every open block to <paramref name="state"/>; returns their ids.</summary>
    public IReadOnlyList<long> EndAll(PeerBlockState state)
    {
        var ended = Unfinished();
        foreach (long id in ended)
            _blocks[id].State = state;
        return ended;
    }

    private string? CheckOpen(long blockId, bool self, bool forData)
    {
        if (!_blocks.TryGetValue(blockId, out var e))
            return $"block {blockId} is not open";
        if (e.State != PeerBlockState.Open)
            return $"block {blockId} is {e.State}";
        if (forData && (self ? e.CommittedBySelf : e.CommittedByPeer))
            return $"block {blockId} was already committed by this side";
        return null;
    }
}
