namespace QkdEdge.Emulator.Board;

/// <summary>One round as the emulated board really produced it, before any frame was written.</summary>
/// <param name="Round">The board's round index (what Rounds frames carry).</param>
/// <param name="Pulse">The source pulse the round measured (the host never sees it).</param>
/// <param name="Setting">The setting the board played on its setting lines.</param>
/// <param name="Clicks">The click pattern its capture saw (bit 0 detector 0, bit 1 detector 1).</param>
/// <param name="TimeTag">The coarse time tag, in ticks of the board's own clock.</param>
public readonly record struct GroundTruthRound(long Round, long Pulse, byte Setting, byte Clicks, long TimeTag);
