namespace QkdEdge.Security.FiniteKey;

/// <summary>Which entropy-accumulation bound turns a block's statistics into a key length.</summary>
public enum EatAnalysis
{
    /// <summary>The larger of <see cref="Original"/> and <see cref="Improved"/> (both are valid lower bounds on the same quantity).</summary>
    Best,

    /// <summary>Arnon-Friedman-Renner-Vidick key length with the Dupuis-Fawzi-Renner second-order term, with this library's corrections (docs/security-analysis.md).</summary>
    Original,

    /// <summary>Dupuis-Fawzi improved second-order term with an optimised affine min-tradeoff function and Renyi order.</summary>
    Improved,

    /// <summary>Exactly the reference sheet's section 3.3 reconstruction (kept to test its vectors; not for production keys).</summary>
    ReferenceSheet,

    /// <summary>Exactly the reference sheet's section 3.5 illustrative improved variant (kept to test its vectors; not for production keys).</summary>
    ReferenceSheetImproved,
}
