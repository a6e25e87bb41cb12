// A data-parallel LightGBM worker: joins the cluster, builds a dataset from its own rows, trains with the shared
// objective (each worker computes the derivatives of its own rows only) and writes the model.
//
// Usage: LossGen.LightGbm.Worker <machines host:port,...> <local port> <data file> <model file> <rounds>
using LossGen.LightGbm;
using LossGen.LightGbm.Tests;

if (args.Length != 5)
{
    Console.Error.WriteLine("Usage: LossGen.LightGbm.Worker <machines host:port,...> <local port> <data file> <model file> <rounds>");
    return 2;
}
string[] machines = args[0].Split(',');
int port = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
var (features, rows, columns, labels) = WorkerProtocol.ReadData(args[2]);
int rounds = int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture);

using var network = LightGbmNetwork.Join(machines, port, timeoutMinutes: 1);
using var dataset = LightGbmDataset.Create(features, rows, columns, labels, parameters: network.Parameters);
var options = WorkerProtocol.Options(rounds) with { Network = network };
using var model = LightGbmTrainer.Train(dataset, Objectives.L2, options);
File.WriteAllText(args[3], model.SaveToString());
Console.WriteLine($"worker on port {port}: {rows} rows, {model.Iterations} rounds, training loss {model.History!.TrainingLoss[^1]:F6}");
return 0;
