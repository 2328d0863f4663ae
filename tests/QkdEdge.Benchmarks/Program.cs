using BenchmarkDotNet.Running;

// Pick benchmarks with BenchmarkDotNet's usual arguments, for example --filter '*Sifting*'.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
