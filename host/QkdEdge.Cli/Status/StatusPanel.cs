using QkdEdge.Station.Lifecycle;
using QkdEdge.Station.Status;
using QkdEdge.Telemetry;
using Spectre.Console;
using Spectre.Console.Rendering;
using F = QkdEdge.Cli.Status.StatusFormat;

namespace QkdEdge.Cli.Status;

/// <summary>One station's live status as a Spectre.Console panel: block progress, Bell test, key, link and RNG health.</summary>
internal static class StatusPanel
{
    private const int BarWidth = 30;

    public static IRenderable Render(StationStatus status)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        grid.AddRow(Label("block"), Collecting(status));
        grid.AddRow(Label("processing"), Processing(status));
        grid.AddRow(Label("last block"), LastBlock(status));
        grid.AddRow(Label("bell test"), BellTest(status));
        grid.AddRow(Label("key"), Key(status));
        grid.AddRow(Label("rng"), Rng(status.Board));
        grid.AddRow(Label("board link"), BoardLink(status.Board));
        grid.AddRow(Label("peer link"), PeerLink(status.Peer));
        grid.AddRow(Label("auth pool"), AuthPool(status.Peer));
        if (status.Failure is not null)
            grid.AddRow(Label("failure"), new Markup($"[red]{Markup.Escape(status.Failure)}[/]"));

        string title = $"[bold]{status.Role}[/] {PhaseMarkup(status.Phase)}";
        return new Panel(grid) { Header = new PanelHeader(title), Border = BoxBorder.Rounded, Expand = true };
    }

    private static Markup Label(string text) => new($"[grey]{text}[/]");

    private static IRenderable Collecting(StationStatus status)
    {
        if (status.Collecting is not { } c)
            return new Markup("[grey]waiting for rounds[/]");
        int filled = (int)Math.Round(c.Fraction * BarWidth);
        // Distinct characters for done and to do, so the bar still reads in a plain-text capture of the screen.
        string bar = $"[green]{new string('█', filled)}[/][grey]{new string('░', BarWidth - filled)}[/]";
        string remaining = c.Remaining is null ? "" : $", {F.Duration(c.Remaining)} to the block's end";
        return new Markup($"{c.BlockIndex} {bar} {F.Percent(c.Fraction, "0")}  {F.Si(c.RoundsCollected)} / {F.Si(c.BlockRounds)} rounds  " +
            $"[grey]({F.Si(c.RoundsPerSecond)} rounds/s{remaining})[/]");
    }

    private static IRenderable Processing(StationStatus status) => status.Processing is { } p
        ? new Markup($"block {p.BlockId}: [yellow]{Markup.Escape(p.Stage)}[/] [grey]since {F.Duration(status.At - p.Since)}[/]")
        : new Markup("[grey]idle[/]");

    private static IRenderable LastBlock(StationStatus status)
    {
        if (status.LastBlock is not { } b)
            return new Markup("[grey]none yet[/]");
        string efficiency = double.IsNaN(b.ReconciliationEfficiency) ? "" : $" [grey]error correction f = {F.Efficiency(b.ReconciliationEfficiency)}[/]";
        string result = b.ProducedKey
            ? $"[green]key[/] {F.Bits(b.KeyBits)} [grey]sha256 {b.KeySha256?[..16]}…[/]{efficiency}"
            : $"[red]aborted[/] ({Markup.Escape(b.AbortCause ?? "")}) [grey]{Markup.Escape(Shorten(b.Detail))}[/]";
        return new Markup($"{b.BlockId} ({Markup.Escape(b.KeyBlockId)}): {result}");
    }

    private static IRenderable BellTest(StationStatus status)
    {
        double threshold = status.LastBlock?.ChshThreshold ?? status.Plan.ChshAbortThreshold;
        if (status.LastBlock is not { } b || double.IsNaN(b.Chsh))
            return new Markup($"S = - [grey](abort below {F.Chsh(threshold)}; expected {F.Chsh(status.Plan.ExpectedChsh)})[/]");
        string margin = b.ChshMargin >= 0 ? $"[green]{F.Signed(b.ChshMargin)}[/]" : $"[red]{F.Signed(b.ChshMargin)}[/]";
        return new Markup($"S = {F.Chsh(b.Chsh)} [grey][[{F.Chsh(b.ChshLower)}, {F.Chsh(b.ChshUpper)}]][/]  " +
            $"abort below {F.Chsh(threshold)}, margin {margin}   error rate Q = {F.Percent(b.ErrorRate, "0.000")}");
    }

    private static IRenderable Key(StationStatus status)
    {
        var t = status.Totals;
        double rate = status.LastBlock?.KeyRate ?? 0;
        return new Markup($"{t.Keys} keys, {F.Bits(t.KeyBits)}; {t.Aborts} aborted, {t.BlocksSkipped} skipped   " +
            $"rate {F.Si(rate)}bit/s [grey](expected {F.Bits(status.Plan.ExpectedKeyBits)} per block of {F.Si(status.Plan.BlockRounds)} rounds)[/]");
    }

    private static IRenderable Rng(BoardStatus board) => new Markup(board.Rng switch
    {
        RngHealth.Ok => $"[green]ok[/] [grey]({board.RngAlarms} alarms)[/]",
        RngHealth.Alarm => $"[red]ALARM[/] ({board.RngAlarms} alarms: blocks refused until a self-test passes)",
        _ => "[yellow]start-up tests[/]",
    });

    private static IRenderable BoardLink(BoardStatus board) => new Markup(
        $"{LinkMarkup(board.Link)} {Markup.Escape(board.Port)} [grey]firmware {Markup.Escape(board.Firmware ?? "?")}[/]  " +
        $"frames {F.Si(board.Frames)}, gaps {board.SequenceGaps}, resyncs {board.Resyncs}, lost rounds {board.RoundsLost}, " +
        $"resets {board.BoardResets}, reconnects {board.Reconnects}{LastError(board.Link, board.LastError)}");

    private static IRenderable PeerLink(PeerStatus peer) => new Markup(
        $"{LinkMarkup(peer.Link)} {Markup.Escape(peer.Endpoint)}  frames {F.Si(peer.FramesSent)} sent, {F.Si(peer.FramesReceived)} received, " +
        $"reconnects {peer.Reconnects}{LastError(peer.Link, peer.LastError)}");

    private static IRenderable AuthPool(PeerStatus peer) => new Markup(
        $"{F.Bits(peer.AuthBitsAvailableOut)} to send, {F.Bits(peer.AuthBitsAvailableIn)} to verify [grey](spent {F.Bits(peer.AuthBitsSpent)} of {F.Bits(peer.AuthBitsDeposited)})[/]");

    private static string LastError(LinkPhase phase, string? error) =>
        phase == LinkPhase.Up || error is null ? "" : $"\n[yellow]{Markup.Escape(Shorten(error))}[/]";

    private static string LinkMarkup(LinkPhase phase) => phase switch
    {
        LinkPhase.Up => "[green]up[/]",
        LinkPhase.Connecting => "[yellow]connecting[/]",
        LinkPhase.WaitingToRetry => "[yellow]retrying[/]",
        LinkPhase.GaveUp => "[red]failed[/]",
        _ => "[grey]down[/]",
    };

    private static string PhaseMarkup(StationPhase phase) => phase switch
    {
        StationPhase.Running => "[green]running[/]",
        StationPhase.Recovering => "[yellow]recovering[/]",
        StationPhase.Failed => "[red]failed[/]",
        StationPhase.Stopped => "[grey]stopped[/]",
        _ => $"[yellow]{phase.ToString().ToLowerInvariant()}[/]",
    };

    private static string Shorten(string? text) => text is null ? "" : text.Length <= 120 ? text : text[..117] + "...";
}
