using System.Globalization;
using LossGen.LightGbm.Native;

namespace LossGen.LightGbm;

/// <summary>
/// This process's membership in a LightGBM data-parallel cluster (<c>LGBM_NetworkInit</c>). Join before building the
/// datasets (LightGBM agrees on the feature bins across machines while it builds them), pass <see cref="Parameters"/>
/// to <see cref="LightGbmDataset.Create(ReadOnlySpan{float}, int, int, ReadOnlySpan{float}, ReadOnlySpan{float}, LightGbmDataset?, string)"/>
/// and set <see cref="LightGbmOptions.Network"/>; dispose after training (<c>LGBM_NetworkFree</c>). LightGBM keeps one
/// network per process, so only one instance may exist at a time.
/// </summary>
public sealed class LightGbmNetwork : IDisposable
{
    private static int s_active;
    private bool _disposed;

    private LightGbmNetwork(string machines, int localPort, int machineCount, int timeoutMinutes)
    {
        Machines = machines;
        LocalPort = localPort;
        MachineCount = machineCount;
        TimeoutMinutes = timeoutMinutes;
    }

    /// <summary>Every machine's <c>host:port</c>, comma-separated, identical on all machines.</summary>
    public string Machines { get; }

    /// <summary>The port this process listens on; it must appear in <see cref="Machines"/>.</summary>
    public int LocalPort { get; }

    /// <summary>Number of machines (processes).</summary>
    public int MachineCount { get; }

    /// <summary>How long LightGBM waits for the other machines.</summary>
    public int TimeoutMinutes { get; }

    /// <summary>The parameters that datasets and boosters of this cluster share.</summary>
    public string Parameters => string.Create(CultureInfo.InvariantCulture,
        $"tree_learner=data num_machines={MachineCount} machines={Machines} local_listen_port={LocalPort} time_out={TimeoutMinutes}");

    /// <summary>
    /// Connects to the other machines: <paramref name="machines"/> lists every member as <c>host:port</c> (this one
    /// included, listening on <paramref name="localPort"/>). Blocks until all have joined or the timeout passes.
    /// </summary>
    public static LightGbmNetwork Join(IReadOnlyList<string> machines, int localPort, int timeoutMinutes = 2)
    {
        ArgumentNullException.ThrowIfNull(machines);
        if (machines.Count < 2)
            throw new ArgumentException($"machines lists {machines.Count} member(s); data-parallel training needs at least 2.", nameof(machines));
        foreach (string machine in machines)
        {
            int colon = machine?.LastIndexOf(':') ?? -1;
            if (machine is null || colon <= 0 || !int.TryParse(machine.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
                throw new ArgumentException($"machines entry '{machine}' is not host:port.", nameof(machines));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(localPort, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(localPort, 65535);
        if (!machines.Any(m => m.EndsWith(":" + localPort.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)))
            throw new ArgumentException($"localPort {localPort} is not the port of any machines entry ({string.Join(",", machines)}).", nameof(localPort));
        ArgumentOutOfRangeException.ThrowIfLessThan(timeoutMinutes, 1);
        if (Interlocked.CompareExchange(ref s_active, 1, 0) != 0)
            throw new InvalidOperationException("This process has already joined a LightGBM network; dispose it first.");
        string list = string.Join(",", machines);
        try
        {
            LightGbmApi.Check(LightGbmApi.LGBM_NetworkInit(list, localPort, timeoutMinutes, machines.Count), nameof(LightGbmApi.LGBM_NetworkInit));
        }
        catch
        {
            Volatile.Write(ref s_active, 0);
            throw;
        }
        return new LightGbmNetwork(list, localPort, machines.Count, timeoutMinutes);
    }

    /// <summary>Leaves the network.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        LightGbmApi.LGBM_NetworkFree();
        Volatile.Write(ref s_active, 0);
    }
}
