using System.Threading.Channels;
using QkdEdge.Protocol.Engine;

namespace QkdEdge.CrashDriver;

/// <summary>
/// The two ends of one block's peer channel in this process, with a hook on every message each end sends and
/// receives: the driver announces the key-storage steps from them, so the test can time its kill.
/// </summary>
internal sealed class MemoryBlockLink
{
    private readonly Channel<BlockMessage> _toBob = Channel.CreateUnbounded<BlockMessage>();
    private readonly Channel<BlockMessage> _toAlice = Channel.CreateUnbounded<BlockMessage>();

    public MemoryBlockLink(Action<StationRole, BlockMessageKind> sending, Action<StationRole, BlockMessageKind> received)
    {
        Alice = new End(_toBob, _toAlice, StationRole.Alice, sending, received);
        Bob = new End(_toAlice, _toBob, StationRole.Bob, sending, received);
    }

    public IBlockChannel Alice { get; }

    public IBlockChannel Bob { get; }

    private sealed class End(Channel<BlockMessage> outbox, Channel<BlockMessage> inbox, StationRole role,
        Action<StationRole, BlockMessageKind> sending, Action<StationRole, BlockMessageKind> received) : IBlockChannel
    {
        public Task SendAsync(BlockMessageKind kind, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
        {
            sending(role, kind);
            outbox.Writer.TryWrite(new BlockMessage(kind, payload.ToArray()));
            return Task.CompletedTask;
        }

        public async Task<BlockMessage> ReceiveAsync(CancellationToken cancellationToken)
        {
            var message = await inbox.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            received(role, message.Kind);
            return message;
        }
    }
}
