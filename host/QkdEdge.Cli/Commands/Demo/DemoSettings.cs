using QkdEdge.Emulator.Links;

namespace QkdEdge.Cli.Commands.Demo;

/// <summary>What a demo run is asked to do (checked by <see cref="DemoCommand"/>).</summary>
/// <param name="Keys">Keys to produce before stopping.</param>
/// <param name="Seed">The emulator's run seed (sources, detectors, timing); the protocol's own randomness is the system's.</param>
/// <param name="Visibility">Source visibility v of the emulated entangled pairs.</param>
/// <param name="Efficiency">Detection efficiency of every emulated detector.</param>
/// <param name="Link">How the stations reach their emulated boards.</param>
/// <param name="Soundness">Total soundness of each key.</param>
/// <param name="BlockMargin">Block size over the smallest block with a key.</param>
/// <param name="Timeout">Give up after this long.</param>
/// <param name="DataDirectory">Where the stations keep their data; null: a temporary folder removed afterwards.</param>
/// <param name="Delivery">Start both stations' KMEs and deliver every key to the two SAEs over ETSI GS QKD 014.</param>
internal sealed record DemoSettings(
    int Keys,
    ulong Seed,
    double Visibility,
    double Efficiency,
    LinkKind Link,
    double Soundness,
    double BlockMargin,
    TimeSpan Timeout,
    string? DataDirectory,
    bool Delivery = true);
