using Xunit.Abstractions;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace LossGen.LightGbm.Tests;

/// <summary>
/// LightGBM's data-parallel training with a LossGen objective: two worker processes on 127.0.0.1, each holding half
/// of the rows and computing only its own rows' derivatives, train one model whose loss on the whole data is within
/// 2 % of single-process training.
/// </summary>
public sealed class DistributedTests(ITestOutputHelper output)
{
    private const int Rounds = 30;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public void TwoProcessesOnLoopbackTrainLikeOne()
    {
        var data = TestData.Create(TestData.Kind.Regression, rows: 2000, columns: 5, seed: 21);
        string work = Directory.CreateTempSubdirectory("lossgen-lgbm-distributed-").FullName;
        var workers = new List<Process>();
        try
        {
            int half = data.Rows / 2;
            int[] ports = FreePorts(2);
            string machines = string.Join(",", ports.Select(p => $"127.0.0.1:{p}"));
            for (int w = 0; w < 2; w++)
            {
                int first = w * half, count = w == 0 ? half : data.Rows - half;
                string dataFile = Path.Combine(work, $"part{w}.bin");
                WorkerProtocol.WriteData(dataFile, data.Features.AsSpan(first * data.Columns, count * data.Columns), count, data.Columns, data.Labels.AsSpan(first, count));
                workers.Add(Start(machines, ports[w], dataFile, Path.Combine(work, $"model{w}.txt")));
            }

            var outputs = workers.Select(p => (Process: p, Output: p.StandardOutput.ReadToEndAsync(), Error: p.StandardError.ReadToEndAsync())).ToList();
            var deadline = Stopwatch.StartNew();
            foreach (var (process, output, error) in outputs)
            {
                TimeSpan left = Timeout - deadline.Elapsed;
                if (left < TimeSpan.Zero || !process.WaitForExit(left))
                    Assert.Fail($"a worker did not finish within {Timeout.TotalSeconds} s");
                process.WaitForExit();
                Assert.True(process.ExitCode == 0, $"worker exited with {process.ExitCode}: {output.Result}{error.Result}");
            }

            string model0 = File.ReadAllText(Path.Combine(work, "model0.txt"));
            string model1 = File.ReadAllText(Path.Combine(work, "model1.txt"));
            using var distributed = LightGbmModel.LoadFromString(model0);
            using var other = LightGbmModel.LoadFromString(model1);
            Assert.Equal(Rounds, distributed.Iterations);
            // Data-parallel members grow the same trees from the summed histograms.
            Assert.Equal(distributed.PredictRaw(data.Tensor), other.PredictRaw(data.Tensor));

            using var dataset = data.ToDataset();
            using var single = LightGbmTrainer.Train(dataset, Objectives.L2, WorkerProtocol.Options(Rounds));
            double singleLoss = L2(single.PredictRaw(data.Tensor), data.Labels);
            double distributedLoss = L2(distributed.PredictRaw(data.Tensor), data.Labels);
            double untrained = L2(new double[data.Rows], data.Labels);
            output.WriteLine($"loss on all rows: distributed {distributedLoss:F6}, single process {singleLoss:F6}, untrained {untrained:F6}");
            foreach (var (_, workerOutput, _) in outputs) output.WriteLine(workerOutput.Result.Trim());
            Assert.True(distributedLoss < 0.5 * untrained, $"distributed loss {distributedLoss} vs {untrained} before training");
            Assert.True(Math.Abs(distributedLoss - singleLoss) <= 0.02 * singleLoss,
                $"distributed loss {distributedLoss:F6}, single-process {singleLoss:F6}");
        }
        finally
        {
            foreach (var process in workers)
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
                process.Dispose();
            }
            Directory.Delete(work, recursive: true);
        }
    }

    private static double L2(double[] scores, float[] labels) => scores.Select((s, i) => 0.5 * (s - labels[i]) * (s - labels[i])).Average();

    private static Process Start(string machines, int port, string dataFile, string modelFile)
    {
        string worker = typeof(DistributedTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "WorkerPath").Value!;
        Assert.True(File.Exists(worker), $"the worker was not built: {worker}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { worker, machines, port.ToString(), dataFile, modelFile, Rounds.ToString() }) start.ArgumentList.Add(arg);
        return Process.Start(start) ?? throw new InvalidOperationException("could not start the worker");
    }

    /// <summary>Ports the OS reports free on 127.0.0.1 (held open together so they are distinct).</summary>
    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }
}
