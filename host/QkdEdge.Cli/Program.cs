using QkdEdge.Cli;

// Kept tiny on purpose: build the command tree through a seam tests can use, run it, and turn any
// uncaught exception into a failure exit code instead of a stack trace.
try
{
    return await RootCommandFactory.Create().Parse(args).InvokeAsync();
}
catch (Exception ex)
{
    Console.Error.WriteLine($"qkdedge: {ex.Message}");
    return ExitCodes.InternalError;
}
