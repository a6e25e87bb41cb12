using System.Numerics;
using System.Numerics.Tensors;
using System.Text.Json;

namespace LossGen.Tests.Oracle;

/// <summary>One case of tests/LossGen.Tests/Oracle/torch-reference.json (TorchSharp 0.107, float64 autograd).</summary>
public sealed class OracleCase
{
    public required string Name { get; init; }
    public required string Reference { get; init; }
    public required Dictionary<string, (int[] Shape, double[] Data)> Inputs { get; init; }
    public required Dictionary<string, int[]> Labels { get; init; }
    public required Dictionary<string, double> Scalars { get; init; }
    public required double Loss { get; init; }
    public required Dictionary<string, double[]> Gradients { get; init; }
    public double[]? PerSample { get; init; }

    private static readonly Lazy<IReadOnlyList<OracleCase>> All = new(Load);

    public static IReadOnlyList<OracleCase> Cases => All.Value;

    public static OracleCase Get(string name) => Cases.Single(c => c.Name == name);

    private static IReadOnlyList<OracleCase> Load()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Oracle", "torch-reference.json");
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
        var result = new List<OracleCase>();
        foreach (JsonElement c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            static (int[], double[]) Tensor(JsonElement t) =>
                (t.GetProperty("shape").EnumerateArray().Select(x => x.GetInt32()).ToArray(),
                 t.GetProperty("data").EnumerateArray().Select(x => x.GetDouble()).ToArray());
            result.Add(new OracleCase
            {
                Name = c.GetProperty("name").GetString()!,
                Reference = c.GetProperty("reference").GetString()!,
                Inputs = c.GetProperty("inputs").EnumerateObject().ToDictionary(p => p.Name, p => Tensor(p.Value)),
                Labels = c.TryGetProperty("labels", out JsonElement l)
                    ? l.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetProperty("data").EnumerateArray().Select(x => x.GetInt32()).ToArray())
                    : new(),
                Scalars = c.TryGetProperty("scalars", out JsonElement s)
                    ? s.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble())
                    : new(),
                Loss = c.GetProperty("loss").GetDouble(),
                Gradients = c.GetProperty("grad").EnumerateObject().ToDictionary(p => p.Name, p => Tensor(p.Value).Item2),
                PerSample = c.TryGetProperty("per_sample", out JsonElement ps) ? Tensor(ps).Item2 : null,
            });
        }
        return result;
    }
}

/// <summary>A case's inputs converted to T, with buffers for the outputs a generated method writes.</summary>
public sealed class CaseData<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly OracleCase _case;

    public CaseData(OracleCase c)
    {
        _case = c;
        foreach ((string name, (int[] shape, double[] data)) in c.Inputs)
            Inputs[name] = (shape, data.Select(T.CreateChecked).ToArray());
    }

    public Dictionary<string, (int[] Shape, T[] Data)> Inputs { get; } = new();
    public Dictionary<string, T[]> Gradients { get; } = new();
    public T[]? Losses { get; private set; }

    public ReadOnlySpan<T> V(string name) => Inputs[name].Data;

    public ReadOnlyTensorSpan<T> M(string name) => new(Inputs[name].Data, Inputs[name].Shape.Select(x => (nint)x).ToArray());

    public ReadOnlySpan<int> L(string name) => _case.Labels[name];

    public T S(string name, double fallback) => T.CreateChecked(_case.Scalars.TryGetValue(name, out double v) ? v : fallback);

    public Span<T> G(string name) => Gradients[name] = new T[Inputs[name].Data.Length];

    public TensorSpan<T> GM(string name)
    {
        T[] g = Gradients[name] = new T[Inputs[name].Data.Length];
        return new TensorSpan<T>(g, Inputs[name].Shape.Select(x => (nint)x).ToArray());
    }

    public Span<T> PerSample() => Losses = new T[_case.PerSample!.Length];
}
