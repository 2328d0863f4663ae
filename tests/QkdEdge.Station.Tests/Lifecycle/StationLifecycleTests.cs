using QkdEdge.Station.Configuration;
using QkdEdge.Station.Lifecycle;

namespace QkdEdge.Station.Tests.Lifecycle;

public sealed class StationLifecycleTests
{
    private static readonly ReconnectPolicy Policy = new()
    {
        InitialDelay = TimeSpan.FromSeconds(1),
        Multiplier = 2,
        MaxDelay = TimeSpan.FromSeconds(5),
    };

    [Fact]
    public void Apply_WhenStarted_ConnectsBothLinks()
    {
        var (state, commands) = StationLifecycle.Initial.Apply(new LifecycleEvent.Start(), Policy);

        Assert.Equal(StationPhase.Starting, state.Phase);
        Assert.Equal([new LifecycleCommand.Connect(StationLink.Board), new LifecycleCommand.Connect(StationLink.Peer)], commands);
        Assert.Equal((LinkPhase.Connecting, LinkPhase.Connecting), (state.Board.Phase, state.Peer.Phase));
    }

    [Fact]
    public void Apply_WhenBothLinksComeUp_Runs()
    {
        var state = Running();

        Assert.Equal(StationPhase.Running, state.Phase);
        Assert.Equal((0, 0), (state.Board.Reconnects, state.Peer.Reconnects));
    }

    [Fact]
    public void Apply_WhenBoardLinkDropsAndComesBack_RetriesWithGrowingBackoffAndCountsOneReconnect()
    {
        var state = Running();

        (state, var dropped) = state.Apply(new LifecycleEvent.Disconnected(StationLink.Board, "unplugged", Retryable: true), Policy);
        Assert.Equal(StationPhase.Recovering, state.Phase);
        Assert.Equal([new LifecycleCommand.ScheduleRetry(StationLink.Board, TimeSpan.FromSeconds(1))], dropped);

        (state, var retry) = state.Apply(new LifecycleEvent.RetryDue(StationLink.Board), Policy);
        Assert.Equal([new LifecycleCommand.Connect(StationLink.Board)], retry);
        (state, var failedAgain) = state.Apply(new LifecycleEvent.Disconnected(StationLink.Board, "port not found", Retryable: true), Policy);
        Assert.Equal([new LifecycleCommand.ScheduleRetry(StationLink.Board, TimeSpan.FromSeconds(2))], failedAgain);

        (state, _) = state.Apply(new LifecycleEvent.RetryDue(StationLink.Board), Policy);
        (state, var up) = state.Apply(new LifecycleEvent.Connected(StationLink.Board), Policy);

        Assert.Empty(up);
        Assert.Equal(StationPhase.Running, state.Phase);
        Assert.Equal((1, 1, 0), (state.Board.Reconnects, state.Board.Drops, state.Board.ConsecutiveFailures));
        // The peer never noticed.
        Assert.Equal((LinkPhase.Up, 0), (state.Peer.Phase, state.Peer.Reconnects));
    }

    [Fact]
    public void Apply_WhenPeerRestarts_ReconnectsOnlyThePeer()
    {
        var state = Running();

        (state, var commands) = state.Apply(new LifecycleEvent.Disconnected(StationLink.Peer, "connection lost", Retryable: true), Policy);
        Assert.Equal([new LifecycleCommand.ScheduleRetry(StationLink.Peer, TimeSpan.FromSeconds(1))], commands);
        Assert.Equal(LinkPhase.Up, state.Board.Phase);
        (state, _) = state.Apply(new LifecycleEvent.RetryDue(StationLink.Peer), Policy);
        (state, _) = state.Apply(new LifecycleEvent.Connected(StationLink.Peer), Policy);

        Assert.Equal(StationPhase.Running, state.Phase);
        Assert.Equal((1, 0), (state.Peer.Reconnects, state.Board.Reconnects));
    }

    [Fact]
    public void Apply_WhenBackoffReachesTheCap_WaitsNoLongerThanTheCap()
    {
        var state = Running();
        TimeSpan last = TimeSpan.Zero;
        for (int attempt = 0; attempt < 6; attempt++)
        {
            (state, var commands) = state.Apply(new LifecycleEvent.Disconnected(StationLink.Peer, "refused", Retryable: true), Policy);
            last = Assert.IsType<LifecycleCommand.ScheduleRetry>(Assert.Single(commands)).Delay;
            (state, _) = state.Apply(new LifecycleEvent.RetryDue(StationLink.Peer), Policy);
        }

        Assert.Equal(Policy.MaxDelay, last);
        Assert.Equal(6, state.Peer.ConsecutiveFailures);
    }

    [Fact]
    public void Apply_WhenStopRequestedWhileRunning_ClosesBothLinksAndFinishesOnlyWhenBothClosed()
    {
        var state = Running();

        (state, var stop) = state.Apply(new LifecycleEvent.StopRequested(), Policy);
        Assert.Equal(StationPhase.Stopping, state.Phase);
        Assert.Equal([new LifecycleCommand.Close(StationLink.Board), new LifecycleCommand.Close(StationLink.Peer)], stop);

        (state, var afterBoard) = state.Apply(new LifecycleEvent.Closed(StationLink.Board), Policy);
        Assert.Empty(afterBoard);
        Assert.Equal(StationPhase.Stopping, state.Phase);

        (state, var afterPeer) = state.Apply(new LifecycleEvent.Closed(StationLink.Peer), Policy);
        Assert.Equal([new LifecycleCommand.Finish(false, null)], afterPeer);
        Assert.Equal(StationPhase.Stopped, state.Phase);
    }

    [Fact]
    public void Apply_WhenStopRequestedDuringRetryWait_DropsTheRetryAndConnectsNothing()
    {
        var state = Running();
        (state, _) = state.Apply(new LifecycleEvent.Disconnected(StationLink.Board, "unplugged", Retryable: true), Policy);

        (state, var stop) = state.Apply(new LifecycleEvent.StopRequested(), Policy);
        (state, var lateRetry) = state.Apply(new LifecycleEvent.RetryDue(StationLink.Board), Policy);
        (state, var finish) = state.Apply(new LifecycleEvent.Closed(StationLink.Peer), Policy);

        Assert.Equal([new LifecycleCommand.Close(StationLink.Peer)], stop);
        Assert.Empty(lateRetry);
        Assert.Equal([new LifecycleCommand.Finish(false, null)], finish);
    }

    [Fact]
    public void Apply_WhenLinkFailsDuringStop_CountsItAsClosed()
    {
        var state = Running();
        (state, _) = state.Apply(new LifecycleEvent.StopRequested(), Policy);

        (state, _) = state.Apply(new LifecycleEvent.Disconnected(StationLink.Peer, "peer said bye", Retryable: true), Policy);
        (state, var finish) = state.Apply(new LifecycleEvent.Closed(StationLink.Board), Policy);

        Assert.Equal([new LifecycleCommand.Finish(false, null)], finish);
    }

    [Fact]
    public void Apply_WhenErrorCannotBeRetried_ClosesTheOtherLinkAndFinishesFailed()
    {
        var state = Running();

        (state, var commands) = state.Apply(new LifecycleEvent.Disconnected(StationLink.Board, "protocol version 2", Retryable: false), Policy);
        Assert.Equal([new LifecycleCommand.Close(StationLink.Peer)], commands);
        (state, var finish) = state.Apply(new LifecycleEvent.Closed(StationLink.Peer), Policy);

        var done = Assert.IsType<LifecycleCommand.Finish>(Assert.Single(finish));
        Assert.True(done.Failed);
        Assert.Contains("protocol version 2", done.Reason);
        Assert.Equal((StationPhase.Failed, LinkPhase.GaveUp), (state.Phase, state.Board.Phase));
    }

    [Fact]
    public void Apply_WhenAttemptsRunOut_GivesUp()
    {
        var policy = Policy with { MaxAttempts = 2 };
        var (state, _) = StationLifecycle.Initial.Apply(new LifecycleEvent.Start(), policy);
        (state, _) = state.Apply(new LifecycleEvent.Disconnected(StationLink.Peer, "refused", Retryable: true), policy);
        (state, _) = state.Apply(new LifecycleEvent.RetryDue(StationLink.Peer), policy);

        (state, var commands) = state.Apply(new LifecycleEvent.Disconnected(StationLink.Peer, "refused", Retryable: true), policy);

        Assert.Equal([new LifecycleCommand.Close(StationLink.Board)], commands);
        Assert.Equal(LinkPhase.GaveUp, state.Peer.Phase);
        Assert.Contains("2 attempts", state.Failure);
    }

    [Fact]
    public void Apply_WhenStoppedBeforeStarting_FinishesAtOnce()
    {
        var (state, commands) = StationLifecycle.Initial.Apply(new LifecycleEvent.StopRequested(), Policy);

        Assert.Equal(StationPhase.Stopped, state.Phase);
        Assert.Equal([new LifecycleCommand.Finish(false, null)], commands);
    }

    private static StationLifecycle Running()
    {
        var (state, _) = StationLifecycle.Initial.Apply(new LifecycleEvent.Start(), Policy);
        (state, _) = state.Apply(new LifecycleEvent.Connected(StationLink.Board), Policy);
        (state, _) = state.Apply(new LifecycleEvent.Connected(StationLink.Peer), Policy);
        return state;
    }
}
