using QkdEdge.Emulator.Adversaries;
using QkdEdge.Emulator.Randomness;

namespace QkdEdge.Emulator.Optics;

/// <summary>
/// Builds the optics model a run configuration names (<see cref="OpticsOptions.Model"/>, one of
/// <see cref="OpticsModelNames"/>). Each part of a model draws from its own stream derived from the run
/// seed, so the same seed and configuration give the same clicks.
/// </summary>
public static class OpticsModelFactory
{
    // Stream numbers for SplitMix64.DeriveSeed: one per model part, fixed so that seeds stay stable.
    private const ulong HonestStream = 1;
    private const ulong TapeStream = 2;
    private const ulong MemoryStream = 3;
    private const ulong MixtureCoinStream = 4;

    public static IOpticsModel Create(OpticsOptions options, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        OpticsArguments.CheckStationCount(options);
        return Create(options.Model, options, seed);
    }

    private static IOpticsModel Create(string model, OpticsOptions options, ulong seed)
    {
        switch (model)
        {
            case OpticsModelNames.Honest:
                return SourceDetectorModel.Create(options, SplitMix64.DeriveSeed(seed, HonestStream));

            case OpticsModelNames.LocalChshOptimal:
            case OpticsModelNames.LocalKeyAiming:
                OpticsArguments.RequireChshLayout(options, model);
                bool keyAiming = model == OpticsModelNames.LocalKeyAiming;
                return Local(options, seed, [new OptimalClassicalBox(0, keyAiming), new OptimalClassicalBox(1, keyAiming)]);

            case OpticsModelNames.MemorySynchronized:
            {
                ulong register = SplitMix64.DeriveSeed(seed, MemoryStream);
                var boxes = new ILocalBox[options.Stations];
                for (int station = 0; station < boxes.Length; station++)
                    boxes[station] = new SynchronizedMemoryBox(register);
                return Local(options, seed, boxes);
            }

            case OpticsModelNames.MemoryOutputFeedback:
                OpticsArguments.RequireChshLayout(options, model);
                return Local(options, seed, [new OutputFeedbackMemoryBox(0), new OutputFeedbackMemoryBox(1)]);

            case OpticsModelNames.DetectorBlinding:
            {
                var target = IdealCorrelators.FromOptions(options);
                return Local(options, seed, [new DetectorBlindingBox(0, target), new DetectorBlindingBox(1, target)]);
            }

            case OpticsModelNames.PredictableSettings:
                return new PredictableSettingsModel(IdealCorrelators.FromOptions(options), SplitMix64.DeriveSeed(seed, TapeStream));

            case OpticsModelNames.Mixture:
                if (options.MixtureAttack == OpticsModelNames.Mixture)
                    throw new ArgumentException("A mixture cannot attack with another mixture.");
                return new MixtureModel(
                    SourceDetectorModel.Create(options, SplitMix64.DeriveSeed(seed, HonestStream)),
                    Create(options.MixtureAttack, options, seed),
                    options.HonestFraction,
                    SplitMix64.DeriveSeed(seed, MixtureCoinStream));

            default:
                throw new ArgumentException($"Unknown optics model '{model}'. Known: {string.Join(", ", OpticsModelNames.All)}.");
        }
    }

    private static LocalBoxesModel Local(OpticsOptions options, ulong seed, ILocalBox[] boxes)
    {
        var alphabets = new int[options.Stations];
        for (int station = 0; station < alphabets.Length; station++)
            alphabets[station] = options.Station(station).ToBases(station, options.Stations).Length;
        return new LocalBoxesModel(boxes, alphabets, SplitMix64.DeriveSeed(seed, TapeStream));
    }
}
