namespace QkdEdge.Security.FiniteKey;

/// <summary>Why a block yields no key; data-dependent outcomes, not errors.</summary>
public enum AbortReason
{
    /// <summary>The block yields a key.</summary>
    None,

    /// <summary>Fewer CHSH wins were observed than the threshold fixed before the run.</summary>
    ChshTestFailed,

    /// <summary>The threshold win probability is not above the local bound 3/4: nothing can be certified.</summary>
    ThresholdNotAboveLocalBound,

    /// <summary>The certified min-entropy does not cover the leak and privacy amplification.</summary>
    KeyLengthNotPositive,
}
