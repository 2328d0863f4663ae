namespace QkdEdge.Distillation.Reconciliation.Ldpc;

/// <summary>How the layered decoder combines the messages into a check.</summary>
public enum CheckNodeRule
{
    /// <summary>Normalised and offset min-sum: cheap, but loses against belief propagation near capacity.</summary>
    NormalisedMinSum,

    /// <summary>
    /// Belief propagation: the exact pairwise box-plus in fixed point (min plus a tabulated correction), combined
    /// forward and backward along the check so each edge gets the box-plus of all the others.
    /// </summary>
    BoxPlus,
}
