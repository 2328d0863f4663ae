using QkdEdge.Fuzz;
using SharpFuzz;

// Usage:
//   QkdEdge.Fuzz <target>                   run the target under afl-fuzz (SharpFuzz), or once on stdin (outcome on stdout)
//   QkdEdge.Fuzz replay <target> <file...>  run files in-process and print each outcome
//   QkdEdge.Fuzz seeds <target> <folder>    write the target's seed inputs into a folder
//   QkdEdge.Fuzz list                       the targets
if (args.Length == 0 || args[0] is "-h" or "--help" or "list")
{
    Console.WriteLine("usage: QkdEdge.Fuzz <target> | replay <target> <file...> | seeds <target> <folder> | list");
    foreach (string name in FuzzTargets.Names)
        Console.WriteLine($"  {name,-20} {FuzzTargets.Create(name)!.Description}");
    return args.Length == 0 ? 2 : 0;
}

string targetName = args[0] is "replay" or "seeds" && args.Length > 1 ? args[1] : args[0];
if (!FuzzTargets.Names.Contains(targetName))
{
    Console.Error.WriteLine($"Unknown target '{targetName}'. Targets: {string.Join(", ", FuzzTargets.Names)}.");
    return 2;
}

switch (args[0])
{
    case "seeds" when args.Length == 3:
    {
        Directory.CreateDirectory(args[2]);
        using var owner = new TargetOwner(targetName);
        foreach (var seed in owner.Target.Seeds())
            File.WriteAllBytes(Path.Combine(args[2], $"seed-{seed.Name}.bin"), seed.Data);
        return 0;
    }
    case "replay" when args.Length >= 3:
    {
        using var owner = new TargetOwner(targetName);
        owner.Target.WarmUp();
        int failures = 0;
        foreach (string file in args.Skip(2))
        {
            try
            {
                Console.WriteLine($"{file}: {owner.Target.Run(File.ReadAllBytes(file))}");
            }
            catch (Exception exception)
            {
                failures++;
                Console.WriteLine($"{file}: CONTRACT BROKEN: {exception}");
            }
        }

        return failures == 0 ? 0 : 1;
    }
    case "replay" or "seeds":
        Console.Error.WriteLine("usage: QkdEdge.Fuzz replay <target> <file...> | seeds <target> <folder>");
        return 2;
    default:
    {
        if (Environment.GetEnvironmentVariable("__AFL_SHM_ID") is null)
        {
            // Not under afl-fuzz: one input from stdin, and its outcome on stdout.
            using var once = new TargetOwner(targetName);
            once.Target.WarmUp();
            using var input = new MemoryStream();
            Console.OpenStandardInput().CopyTo(input);
            Console.WriteLine(once.Target.Run(input.ToArray()));
            return 0;
        }

        // Instrumented code may run only once the fork server has mapped the coverage memory, so the
        // target is made and warmed up (one-off work kept out of the first input's allocation bound)
        // inside the first call.
        TargetOwner? owner = null;
        Fuzzer.Run(stream =>
        {
            if (owner is null)
            {
                owner = new TargetOwner(targetName);
                owner.Target.WarmUp();
            }

            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            owner.Target.Run(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        });
        owner?.Dispose();
        return 0;
    }
}

/// <summary>Creates a target by name and disposes it if it holds resources.</summary>
internal sealed class TargetOwner(string name) : IDisposable
{
    public FuzzTarget Target { get; } = FuzzTargets.Create(name)!;

    public void Dispose() => (Target as IDisposable)?.Dispose();
}
