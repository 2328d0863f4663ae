namespace QkdEdge.Protocol.Engine;

/// <summary>The steps of one block at one station, in the order the engine takes them (docs/protocol-engine.md).</summary>
public enum BlockPhase
{
    /// <summary>Alice draws and sends the test rounds; Bob waits for them.</summary>
    TestSelection,

    /// <summary>The stations exchange their settings and tested outputs.</summary>
    Reveals,

    /// <summary>Both count CHSH wins and key-round errors on the tested rounds and decide whether the block goes on.</summary>
    BellTest,

    /// <summary>Reconciliation, one round trip at a time (<see cref="PhaseProgress.RoundTrip"/>).</summary>
    ErrorCorrection,

    /// <summary>Alice's hash of her corrected key against Bob's.</summary>
    Verification,

    /// <summary>The final length from the finite-key analysis and the Toeplitz hash.</summary>
    PrivacyAmplification,

    /// <summary>The two-phase commit of the key to both stores.</summary>
    Commit,
}

/// <summary>Where a block's run has got to: its phase and, during error correction, the round trip under way (from 1).</summary>
public readonly record struct PhaseProgress(BlockPhase Phase, int RoundTrip = 0)
{
    /// <summary>A few words for an operator: "error correction, round trip 2".</summary>
    public override string ToString() => Phase switch
    {
        BlockPhase.TestSelection => "test selection",
        BlockPhase.Reveals => "reveals",
        BlockPhase.BellTest => "Bell test",
        BlockPhase.ErrorCorrection => $"error correction, round trip {RoundTrip}",
        BlockPhase.Verification => "verification",
        BlockPhase.PrivacyAmplification => "privacy amplification",
        BlockPhase.Commit => "commit",
        _ => Phase.ToString(),
    };
}
