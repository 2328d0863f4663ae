using System.Threading.Channels;
using QkdEdge.Protocol.Engine;

namespace QkdEdge.Protocol.Tests.Support;

/// <summary>
/// Two connected ends of an in-memory block channel. A hook sees every Alice-to-Bob message in transit
/// and may pass it on or drop it as forged (returning null); like the authenticated peer session, the
/// receiving end then detects the bad tag and the whole session breaks for both stations.
/// </summary>
internal sealed class InMemoryBlockChannel : IBlockChannel
{
    private readonly Channel<BlockMessage> _outbox;
    private readonly Channel<BlockMessage> _inbox;
    private readonly Func<BlockMessage, BlockMessage?>? _inTransit;
    private readonly Action _break;

    private InMemoryBlockChannel(Channel<BlockMessage> outbox, Channel<BlockMessage> inbox, Func<BlockMessage, BlockMessage?>? inTransit, Action breakLink)
    {
        _outbox = outbox;
        _inbox = inbox;
        _inTransit = inTransit;
        _break = breakLink;
    }

    private static readonly BlockMessage Forged = new((BlockMessageKind)0xFF, ReadOnlyMemory<byte>.Empty);

    public static (InMemoryBlockChannel Alice, InMemoryBlockChannel Bob) CreatePair(Func<BlockMessage, BlockMessage?>? aliceToBob = null)
    {
        var toBob = Channel.CreateUnbounded<BlockMessage>();
        var toAlice = Channel.CreateUnbounded<BlockMessage>();
        void Break()
        {
            var error = new ChannelTamperedException("peer session broken: a message failed authentication");
            toBob.Writer.TryComplete(error);
            toAlice.Writer.TryComplete(error);
        }
        return (new InMemoryBlockChannel(toBob, toAlice, aliceToBob, Break), new InMemoryBlockChannel(toAlice, toBob, null, Break));
    }

    public async Task SendAsync(BlockMessageKind kind, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var message = new BlockMessage(kind, payload.ToArray());
        var delivered = _inTransit is null ? message : _inTransit(message);
        if (!_outbox.Writer.TryWrite(delivered ?? Forged))
            throw new ChannelTamperedException("peer session broken: a message failed authentication");
        await Task.CompletedTask;
    }

    public async Task<BlockMessage> ReceiveAsync(CancellationToken cancellationToken)
    {
        BlockMessage message;
        try
        {
            message = await _inbox.Reader.ReadAsync(cancellationToken);
        }
        catch (ChannelClosedException ex) when (ex.InnerException is ChannelTamperedException tampered)
        {
            throw tampered;
        }
        if ((byte)message.Kind == 0xFF)
        {
            _break();
            throw new ChannelTamperedException("authentication tag mismatch on a received message");
        }
        return message;
    }
}
