using QkdEdge.Emulator;

// Kept tiny: build the command tree, run it, turn an uncaught exception into an exit code.
try
{
    return await EmulatorCommandFactory.Create().Parse(args).InvokeAsync();
}
catch (Exception ex)
{
    Console.Error.WriteLine($"qkdedge-emulator: {ex.Message}");
    return 70;
}
