namespace QkdEdge.Fuzz;

/// <summary>
/// One fuzz target: an interface that bytes from outside reach, and the contract it must keep on
/// any input: a documented result, never an unexpected exception, a hang or excessive allocation.
/// <see cref="Run"/> throws (an unexpected exception of the code under test, or a
/// <see cref="ContractViolationException"/>) exactly when the contract is broken.
/// </summary>
public abstract class FuzzTarget
{
    /// <summary>The name on the command line and the corpus folder name.</summary>
    public abstract string Name { get; }

    /// <summary>One line: what the input is and what the contract is.</summary>
    public abstract string Description { get; }

    /// <summary>Runs one input and returns its documented outcome, or throws if the contract is broken.</summary>
    public abstract FuzzOutcome Run(ReadOnlySpan<byte> input);

    /// <summary>Seed inputs built from valid encodings (the committed corpus starts from them).</summary>
    public abstract IEnumerable<FuzzSeed> Seeds();

    /// <summary>
    /// Runs every seed once, so that one-off work (JIT, static tables, serializer metadata) happens
    /// before inputs are measured against their allocation bounds.
    /// </summary>
    public void WarmUp()
    {
        bool enforced = AllocationBound.Enforced;
        AllocationBound.Enforced = false;
        try
        {
            foreach (var seed in Seeds())
                Run(seed.Data);
        }
        finally
        {
            AllocationBound.Enforced = enforced;
        }
    }
}
