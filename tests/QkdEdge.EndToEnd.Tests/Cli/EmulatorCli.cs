using System.CommandLine;
using QkdEdge.Emulator;

namespace QkdEdge.EndToEnd.Tests.Cli;

/// <summary>Runs the emulator's command tree in process, with its output captured.</summary>
internal static class EmulatorCli
{
    public static Task<int> Start(string[] args, CapturedLines output, CapturedLines error, CancellationToken cancellation = default) =>
        EmulatorCommandFactory.Create().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellation);

    public static async Task<(int ExitCode, string Output, string Error)> Run(params string[] args)
    {
        var output = new CapturedLines();
        var error = new CapturedLines();
        int code = await Start(args, output, error);
        return (code, output.Text, error.Text);
    }
}
