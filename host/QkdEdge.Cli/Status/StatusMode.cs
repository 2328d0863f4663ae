namespace QkdEdge.Cli.Status;

/// <summary>How a running station shows what it does.</summary>
internal enum StatusMode
{
    /// <summary>A live Spectre.Console view, redrawn four times a second (a terminal).</summary>
    Live,

    /// <summary>Plain log lines with a timestamp (redirected output, or when asked for).</summary>
    Plain,
}
