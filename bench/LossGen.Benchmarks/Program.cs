using BenchmarkDotNet.Running;
using LossGen.Benchmarks;
using LossGen.Benchmarks.Kernels;

// Usage (see README.md):
//   dotnet run -c Release --project bench/LossGen.Benchmarks -- --filter '*'          everything (~10 min)
//   dotnet run -c Release --project bench/LossGen.Benchmarks -- --filter '*Mse*'      one loss
//   dotnet run -c Release --project bench/LossGen.Benchmarks -- --validate            self-check only
// Every run starts with the self-check and refuses to benchmark if any variant disagrees with the scalar loop.

bool validateOnly = args.Contains("--validate");
BenchConfig.ThreadCpuClockRequested = args.Contains("--thread-cpu-clock");
args = args.Where(a => a is not "--validate" and not "--thread-cpu-clock").ToArray();

Console.WriteLine($"LossGen benchmarks: hand-fused kernels use {(SimdInfo.Width == 0 ? "scalar code (no SIMD)" : $"Vector{SimdInfo.Width}")}; " +
#if LOSSGEN_GENERATED
    "generated variant: on.");
#else
    "generated variant: off (build with -p:UseLossGen=true once the generator is ready).");
#endif

if (!Validation.Run(Console.Out, verbose: validateOnly))
{
    Console.Error.WriteLine("SELF-CHECK FAILED: the variants do not compute the same loss and gradients; not benchmarking.");
    return 1;
}
if (validateOnly) return 0;

var summaries = BenchmarkSwitcher.FromAssembly(typeof(Validation).Assembly).Run(args, BenchConfig.Create(args));
bool failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
return failed ? 1 : 0;
