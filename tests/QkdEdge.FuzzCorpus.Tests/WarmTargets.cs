using QkdEdge.Fuzz;

namespace QkdEdge.FuzzCorpus.Tests;

/// <summary>One warmed-up instance of every target, shared by the tests (the delivery target holds a key store).</summary>
public sealed class WarmTargets : IDisposable
{
    private readonly Dictionary<string, FuzzTarget> _targets = [];

    public FuzzTarget this[string name]
    {
        get
        {
            if (!_targets.TryGetValue(name, out var target))
            {
                target = FuzzTargets.Create(name) ?? throw new ArgumentException($"No target '{name}'.", nameof(name));
                target.WarmUp();
                _targets[name] = target;
            }

            return target;
        }
    }

    /// <summary>
    /// Runs one input with a hang guard. The guard's minute is no speed claim (inputs take
    /// milliseconds); it turns an endless loop into a failure instead of a stalled test run.
    /// </summary>
    public FuzzOutcome Run(string target, byte[] input)
    {
        var fuzzTarget = this[target];
        var run = Task.Run(() => fuzzTarget.Run(input));
        if (!run.Wait(TimeSpan.FromMinutes(1)))
            throw new TimeoutException($"{target} did not finish an input of {input.Length} bytes within a minute (a hang).");
        return run.Result;
    }

    public void Dispose()
    {
        foreach (var target in _targets.Values)
            (target as IDisposable)?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class FuzzTargetCollection : ICollectionFixture<WarmTargets>
{
    public const string Name = "fuzz targets";
}
