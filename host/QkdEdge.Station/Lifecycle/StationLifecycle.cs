using QkdEdge.Station.Configuration;

namespace QkdEdge.Station.Lifecycle;

/// <summary>
/// The station's lifecycle as a pure state machine: an event and the current state give the next state and
/// the commands for the edge to carry out (connect, wait and retry, close, finish). No clocks, threads or I/O,
/// so every path (a board unplugged and replugged, a peer restarted, a stop during a retry wait) is a plain
/// sequence of <see cref="Apply"/> calls in the tests.
/// </summary>
public sealed record StationLifecycle(StationPhase Phase, LinkState Board, LinkState Peer, string? Failure)
{
    public static StationLifecycle Initial { get; } = new(StationPhase.Created, LinkState.Initial, LinkState.Initial, null);

    public LinkState this[StationLink link] => link == StationLink.Board ? Board : Peer;

    public bool IsFinished => Phase is StationPhase.Stopped or StationPhase.Failed;

    /// <summary>The next state and the edge's commands after <paramref name="e"/>.</summary>
    public (StationLifecycle Next, IReadOnlyList<LifecycleCommand> Commands) Apply(LifecycleEvent e, ReconnectPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(policy);
        var commands = new List<LifecycleCommand>();
        var next = e switch
        {
            LifecycleEvent.Start => OnStart(commands),
            LifecycleEvent.Connected c => OnConnected(c.Link, commands),
            LifecycleEvent.Disconnected d => OnDisconnected(d, policy, commands),
            LifecycleEvent.RetryDue r => OnRetryDue(r.Link, commands),
            LifecycleEvent.StopRequested => OnStop(null, commands),
            LifecycleEvent.Closed c => OnClosed(c.Link, commands),
            _ => throw new ArgumentException($"Unknown lifecycle event {e.GetType().Name}.", nameof(e)),
        };
        return (next, commands);
    }

    private StationLifecycle OnStart(List<LifecycleCommand> commands)
    {
        if (Phase != StationPhase.Created)
            return this;
        commands.Add(new LifecycleCommand.Connect(StationLink.Board));
        commands.Add(new LifecycleCommand.Connect(StationLink.Peer));
        return this with
        {
            Phase = StationPhase.Starting,
            Board = Board with { Phase = LinkPhase.Connecting },
            Peer = Peer with { Phase = LinkPhase.Connecting },
        };
    }

    private StationLifecycle OnConnected(StationLink link, List<LifecycleCommand> commands)
    {
        var state = this[link];
        // An attempt that wins the race against a stop was already told to close (OnStop closes connecting links).
        if (Phase == StationPhase.Stopping)
            return state.Phase == LinkPhase.Connecting ? With(link, state with { Phase = LinkPhase.Up, Connections = state.Connections + 1 }) : this;

        if (IsFinished || state.Phase != LinkPhase.Connecting)
            return this;
        var next = With(link, state with { Phase = LinkPhase.Up, ConsecutiveFailures = 0, Connections = state.Connections + 1, LastError = null });
        bool bothUp = next.Board.Phase == LinkPhase.Up && next.Peer.Phase == LinkPhase.Up;
        return next with { Phase = bothUp ? StationPhase.Running : next.Phase };
    }

    private StationLifecycle OnDisconnected(LifecycleEvent.Disconnected e, ReconnectPolicy policy, List<LifecycleCommand> commands)
    {
        var state = this[e.Link];
        if (Phase == StationPhase.Stopping)
            return OnClosed(e.Link, commands);
        if (IsFinished || state.Phase is not (LinkPhase.Connecting or LinkPhase.Up))
            return this;

        bool wasUp = state.Phase == LinkPhase.Up;
        int failures = state.ConsecutiveFailures + 1;
        var failed = state with { ConsecutiveFailures = failures, Drops = state.Drops + (wasUp ? 1 : 0), LastError = e.Reason };
        if (!e.Retryable || policy.GivesUpAfter(failures))
        {
            string why = e.Retryable ? $"{e.Link} link: {failures} attempts failed in a row; last: {e.Reason}" : $"{e.Link} link: {e.Reason}";
            return With(e.Link, failed with { Phase = LinkPhase.GaveUp }).OnStop(why, commands);
        }

        commands.Add(new LifecycleCommand.ScheduleRetry(e.Link, policy.DelayAfter(failures)));
        var next = With(e.Link, failed with { Phase = LinkPhase.WaitingToRetry });
        return next with { Phase = Phase == StationPhase.Running ? StationPhase.Recovering : Phase };
    }

    private StationLifecycle OnRetryDue(StationLink link, List<LifecycleCommand> commands)
    {
        var state = this[link];
        if (state.Phase != LinkPhase.WaitingToRetry || Phase is StationPhase.Stopping || IsFinished)
            return this;
        commands.Add(new LifecycleCommand.Connect(link));
        return With(link, state with { Phase = LinkPhase.Connecting });
    }

    /// <summary>Closes every link that is up or connecting; a link waiting to retry simply stops waiting.</summary>
    private StationLifecycle OnStop(string? failure, List<LifecycleCommand> commands)
    {
        if (Phase is StationPhase.Stopping || IsFinished)
            return this;
        if (Phase == StationPhase.Created)
        {
            commands.Add(new LifecycleCommand.Finish(failure is not null, failure));
            return this with { Phase = failure is null ? StationPhase.Stopped : StationPhase.Failed, Failure = failure };
        }

        var next = this with { Phase = StationPhase.Stopping, Failure = failure };
        foreach (var link in new[] { StationLink.Board, StationLink.Peer })
        {
            var state = next[link];
            if (state.Phase is LinkPhase.Up or LinkPhase.Connecting)
                commands.Add(new LifecycleCommand.Close(link));
            else if (state.Phase == LinkPhase.WaitingToRetry)
                next = next.With(link, state with { Phase = LinkPhase.Down });
        }

        return next.FinishIfClosed(commands);
    }

    private StationLifecycle OnClosed(StationLink link, List<LifecycleCommand> commands)
    {
        var state = this[link];
        if (Phase != StationPhase.Stopping || state.Phase is LinkPhase.Down or LinkPhase.GaveUp)
            return this;
        return With(link, state with { Phase = LinkPhase.Down }).FinishIfClosed(commands);
    }

    private StationLifecycle FinishIfClosed(List<LifecycleCommand> commands)
    {
        static bool Closed(LinkState s) => s.Phase is LinkPhase.Down or LinkPhase.GaveUp;
        if (!Closed(Board) || !Closed(Peer))
            return this;
        commands.Add(new LifecycleCommand.Finish(Failure is not null, Failure));
        return this with { Phase = Failure is null ? StationPhase.Stopped : StationPhase.Failed };
    }

    private StationLifecycle With(StationLink link, LinkState state) =>
        link == StationLink.Board ? this with { Board = state } : this with { Peer = state };
}
