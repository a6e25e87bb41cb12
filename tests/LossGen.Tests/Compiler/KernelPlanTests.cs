using LossGen.Emit;
using LossGen.Generator;
using LossGen.Ir;

namespace LossGen.Tests.Compiler;

/// <summary>
/// The schedules the planner chooses for the seed losses, asserted on the plan itself (no generated C# is read):
/// how many passes, what each fuses, which loops are vectorized and why not, and the unrolling.
/// </summary>
public class KernelPlanTests
{
    private static readonly ParameterModel Y = Vector("y", Role.Target), Yhat = Vector("yhat"), P = Vector("p", Role.Probabilities),
        Z = Vector("z", Role.Logits), S = Vector("s");

    [Fact]
    public void Mse_is_one_unrolled_vector_pass_that_also_writes_both_gradients()
    {
        (KernelPlan forward, KernelPlan withGradient) = Plans("mean((yhat - y)^2)", Y, Yhat);
        Assert.Equal(["pass 1 over y: elements, chunked, cost 1, reduces sum; lanes y: vector x4"], Describe(forward));
        Assert.Equal(["pass 1 over y: elements, chunked, cost 1, reduces sum, writes ∂L/∂yhat; lanes y: vector x4"], Describe(withGradient));
    }

    [Fact]
    public void BceLogits_shares_one_exp_between_softplus_and_sigmoid_in_its_fused_pass()
    {
        (_, KernelPlan withGradient) = Plans("mean(softplus(z) - y * z)", Y, Z);
        PassPlan pass = Assert.Single(withGradient.Passes);
        Assert.Equal(["pass 1 over y: elements, chunked, cost 9, reduces sum, writes ∂L/∂z; lanes y: vector x2"], Describe(withGradient));
        Node shared = Assert.Single(pass.LaneLoops[0].SharedSoftplusSigmoid);
        Assert.Equal(Op.Input, shared.Op);
    }

    [Fact]
    public void SparseCe_reduces_each_row_max_then_sum_of_exp_and_stays_scalar_where_labels_gather()
    {
        var z = new ParameterModel("z", "", "", InputKind.Matrix, Role.Logits, null, null);
        var t = new ParameterModel("t", "", "", InputKind.Labels, Role.None, null, null);
        (KernelPlan forward, KernelPlan withGradient) = Plans("mean(logsumexp(z, dim: 1) - pick(z, t))", z, t);
        Assert.Equal(["pass 1 over z.rows: rows, chunked, cost 9, reduces sum; row level 1: max over z.cols: vector x1; row level 2: sum over z.cols: vector x1; lanes "], Describe(forward));
        // With the gradient, the same single pass writes dz = (softmax − one-hot)/n in a vectorized column loop.
        Assert.Equal(["pass 1 over z.rows: rows, chunked, cost 13, reduces sum, writes ∂L/∂z; row level 1: max over z.cols: vector x1; row level 2: sum over z.cols: vector x1; lanes z.cols: vector x1"], Describe(withGradient));
    }

    [Fact]
    public void MultiTask_runs_one_pass_per_head_and_sums_them_after()
    {
        var z = new ParameterModel("z", "", "", InputKind.Matrix, Role.Logits, null, null);
        var t = new ParameterModel("t", "", "", InputKind.Labels, Role.None, null, null);
        (KernelPlan forward, _) = Plans("0.7 * mean((yhat - y)^2) + 0.3 * mean(logsumexp(z, dim: 1) - pick(z, t))", Y, Yhat, z, t);
        Assert.Equal(["pass 1 over y: elements, chunked, cost 1, reduces sum; lanes y: vector x4",
            "pass 1 over z.rows: rows, chunked, cost 9, reduces sum; row level 1: max over z.cols: vector x1; row level 2: sum over z.cols: vector x1; lanes "], Describe(forward));
    }

    [Fact]
    public void Focal_hinge_and_asymmetric_mae_are_one_vectorized_pass_each()
    {
        var alpha = new ParameterModel("alpha", "", "", InputKind.Scalar, Role.None, 0.25, null);
        var gamma = new ParameterModel("gamma", "", "", InputKind.Scalar, Role.None, 2, null);
        Assert.Equal(["pass 1 over y: elements, chunked, cost 17, reduces sum, writes ∂L/∂p; lanes y: vector x2"],
            Describe(Plans("pt = where(y == 1, p, 1 - p); -mean(alpha * (1 - pt)^gamma * log(pt))", Y, P, alpha, gamma).WithGradient));
        Assert.Equal(["pass 1 over y: elements, chunked, cost 1, reduces sum, writes ∂L/∂s; lanes y: vector x4"], Describe(Plans("mean(max(0, 1 - y * s))", Y, S).WithGradient));
        Assert.Equal(["pass 1 over y: elements, chunked, cost 1, reduces sum, writes ∂L/∂yhat; lanes y: vector x4"],
            Describe(Plans("mean(where(yhat < y, 2, 1) * abs(y - yhat))", Y, Yhat).WithGradient));
    }

    [Fact]
    public void A_loop_that_cannot_be_vectorized_says_why_and_where()
    {
        KernelPlan plan = Plans("mean(yhat^y)", Y, Yhat).WithGradient;
        Assert.Equal(["pass 1 over y: elements, chunked, cost 9, reduces sum, writes ∂L/∂yhat; lanes y: scalar because the exponent varies per element"], Describe(plan));
        ScalarReason why = plan.Passes[0].LaneLoops[0].WhyScalar!;
        // The node responsible, whose formula span LG0005 reports.
        Assert.Equal(Op.Pow, why.Node.Op);
        Assert.InRange(why.Node.Origin.End, 1, "mean(yhat^y)".Length);
    }

    [Fact]
    public void Triplet_norms_are_row_reductions_over_the_columns()
    {
        var a = new ParameterModel("a", "", "", InputKind.Matrix, Role.None, null, null);
        var p = new ParameterModel("p", "", "", InputKind.Matrix, Role.None, null, null);
        var n = new ParameterModel("n", "", "", InputKind.Matrix, Role.None, null, null);
        var margin = new ParameterModel("margin", "", "", InputKind.Scalar, Role.None, 1, null);
        Assert.Equal(["pass 1 over a.rows: rows, chunked, cost 17, reduces sum, writes ∂L/∂a, ∂L/∂p, ∂L/∂n; row level 1: sum and sum over a.cols: vector x1; lanes a.cols: vector x1"],
            Describe(Plans("mean(max(0, norm(a - p, dim: 1) - norm(a - n, dim: 1) + margin))", a, p, n, margin).WithGradient));
    }

    [Fact]
    public void A_chunk_function_takes_what_its_pass_reads_inputs_then_outputs_then_sizes()
    {
        (KernelPlan forward, KernelPlan withGradient) = Plans("mean((yhat - y)^2)", Y, Yhat);
        Assert.Equal(["input y", "input yhat"], ChunkParameters(forward.Passes[0]));
        // The gradient 2 (yhat − y) / n reads the run-time length.
        Assert.Equal(["input y", "input yhat", "output ∂L/∂yhat", "size y"], ChunkParameters(withGradient.Passes[0]));
        Assert.Null(forward.Passes[0].Chunks!.ColumnDim);
        Assert.True(withGradient.Passes[0].Chunks!.Threaded);

        var z = new ParameterModel("z", "", "", InputKind.Matrix, Role.Logits, null, null);
        var t = new ParameterModel("t", "", "", InputKind.Labels, Role.None, null, null);
        (KernelPlan sparseCe, _) = Plans("mean(logsumexp(z, dim: 1) - pick(z, t))", z, t);
        PassPlan pass = Assert.Single(sparseCe.Passes);
        // The column count sizes the row loops and the offsets into z, and counts the pass's elements.
        Assert.Equal(["input z", "input t", "size z.cols"], ChunkParameters(pass));
        Assert.Equal("z.cols", Dim(pass.Chunks!.ColumnDim!.Value));
    }

    [Fact]
    public void A_hyperparameter_is_a_parameter_only_when_the_pass_reads_it()
    {
        var delta = new ParameterModel("delta", "", "", InputKind.Scalar, Role.None, 1, null);
        (KernelPlan forward, _) = Plans("mean(where(abs(yhat - y) < delta, 0.5 * (yhat - y)^2, delta * (abs(yhat - y) - 0.5 * delta)))", Y, Yhat, delta);
        Assert.Equal(["input y", "input yhat", "input delta"], ChunkParameters(Assert.Single(forward.Passes)));
    }

    [Fact]
    public void A_later_pass_reads_the_earlier_passes_results_as_parameters()
    {
        // Centering: the mean is a barrier, so the squared deviations take a second pass that reads it.
        (KernelPlan forward, _) = Plans("mean((yhat - mean(yhat))^2)", Yhat);
        Assert.Equal(2, forward.Passes.Length);
        Assert.Equal(["input yhat"], ChunkParameters(forward.Passes[0]));
        // mean(yhat) is the sum of pass 1 divided by the run-time length, so both are parameters.
        Assert.Equal(["input yhat", "size yhat", "result of pass 1"], ChunkParameters(forward.Passes[1]));
    }

    [Fact]
    public void More_spans_than_the_parallel_runner_pins_keep_the_chunks_on_one_thread()
    {
        // Twelve inputs plus the partial results' span exceed LossParallel.Run's twelve pins.
        ParameterModel[] many = Enumerable.Range(0, 12).Select(k => Vector("x" + k)).ToArray();
        string formula = "mean(" + string.Join(" + ", many.Select(p => p.Name)) + ")";
        (KernelPlan forward, _) = Plans(formula, many);
        ChunkPlan chunks = Assert.Single(forward.Passes).Chunks!;
        Assert.Equal(12, chunks.Inputs.Count(i => i.IsSpan));
        Assert.False(chunks.Threaded);

        (KernelPlan eleven, _) = Plans("mean(" + string.Join(" + ", many.Take(11).Select(p => p.Name)) + ")", many.Take(11).ToArray());
        Assert.True(Assert.Single(eleven.Passes).Chunks!.Threaded);
    }

    [Fact]
    public void Column_loops_end_in_one_masked_vector_and_rank_1_loops_in_a_scalar_tail()
    {
        var z = new ParameterModel("z", "", "", InputKind.Matrix, Role.Logits, null, null);
        var t = new ParameterModel("t", "", "", InputKind.Labels, Role.None, null, null);
        (_, KernelPlan withGradient) = Plans("mean(logsumexp(z, dim: 1) - pick(z, t))", z, t);
        PassPlan pass = Assert.Single(withGradient.Passes);
        Assert.All(pass.RowReductions, b => Assert.True(b.Loop.MaskedRemainder));
        Assert.True(Assert.Single(pass.LaneLoops).MaskedRemainder);

        (KernelPlan mse, _) = Plans("mean((yhat - y)^2)", Y, Yhat);
        Assert.False(Assert.Single(mse.Passes).LaneLoops[0].MaskedRemainder);
        // A scalar loop has no vector remainder at all.
        Assert.False(Assert.Single(Plans("mean(yhat^y)", Y, Yhat).WithGradient.Passes).LaneLoops[0].MaskedRemainder);
    }

    [Fact]
    public void A_reduction_down_the_columns_is_a_buffer_and_its_pass_is_not_chunked()
    {
        var x = new ParameterModel("x", "", "", InputKind.Matrix, Role.None, null, null);
        (KernelPlan forward, _) = Plans("sum(sum(x, dim: 0)^2)", x);
        Assert.True(forward.NeedsBuffers);
        PassPlan columnSums = forward.Passes[0];
        ReductionPlan buffer = Assert.Single(columnSums.Reductions);
        Assert.True(buffer.RentsBuffer);
        Assert.Equal(PassLoop.Rows, columnSums.Loop);
        Assert.Null(columnSums.Chunks);
        // The total of the squared column sums is a scalar: its pass is chunked and reads the buffer.
        Assert.Equal(["result of pass 1"], ChunkParameters(forward.Passes[1]));
    }

    /// <summary>A chunk function's parameters, named by what they hold.</summary>
    private static string[] ChunkParameters(PassPlan pass) => pass.Chunks!.Inputs.Select(i => i.Kind switch
    {
        ChunkInputKind.Input => "input " + _names.Parameters[i.Index].Name,
        ChunkInputKind.Output => "output " + i.Output!.What,
        ChunkInputKind.Size => "size " + Dim(i.Index),
        _ => "result of pass " + (1 + Array.FindIndex(_plans, p => p.Reductions.Any(r => r.Node == i.Reduction))),
    }).ToArray();

    private static ParameterModel Vector(string name, Role role = Role.None) => new(name, "", "", InputKind.Vector, role, null, null);

    /// <summary>The plans of the forward member and of the WithGradient member, as the generator builds them.</summary>
    private static (KernelPlan Forward, KernelPlan WithGradient) Plans(string formula, params ParameterModel[] parameters)
    {
        LossDecl decl = LossCompiler.ToDecl("L", formula, parameters.ToEquatableArray());
        CompiledLoss loss = CompiledLoss.Create(Binder.Bind(decl, new Dictionary<string, LossDecl>()));
        var planner = new KernelPlanner(loss.Bound.Graph.Dims);
        var sinks = loss.Differentiable.Select((input, k) => new Sink(loss.LoweredGradients[k], loss.Bound.Inputs[input].Shape,
            "d" + parameters[input].Name, parameters[input].Kind == InputKind.Matrix, "∂L/∂" + parameters[input].Name)).ToList();
        _names = (loss.Bound.Graph.Dims, parameters, loss.Bound);
        KernelPlan forward = planner.Plan(loss.LoweredRoot, []);
        _plans = forward.Passes.ToArray();
        return (forward, planner.Plan(loss.LoweredRoot, sinks));
    }

    // The forward plan's passes, by which ChunkParameters names an earlier pass's result.
    private static PassPlan[] _plans = [];

    // The loss whose plans are being described (tests in one class run one at a time).
    private static (DimUnifier Dims, ParameterModel[] Parameters, BoundLoss Bound) _names;

    /// <summary>One line per pass: its loop, what it reduces and writes, its row reductions and lane loops.</summary>
    private static string[] Describe(KernelPlan plan) => plan.Passes.Select(p =>
    {
        var parts = new List<string> { $"pass {p.Number} over {Dim(p.Dim)}: {(p.Loop == PassLoop.Elements ? "elements" : "rows")}{(p.Chunked ? ", chunked" : "")}, cost {p.Cost}" };
        if (p.Reductions.Length > 0) parts[0] += ", reduces " + string.Join(" and ", p.Reductions.Select(r => r.Rule.Op.ToString().ToLowerInvariant() + (r.Node.Shape.Rank == 1 ? " per element" : "")));
        if (p.Sinks.Length > 0) parts[0] += ", writes " + string.Join(", ", p.Sinks.Select(s => s.What));
        foreach (RowReductionBatch b in p.RowReductions)
            parts.Add($"row level {b.Level}: {string.Join(" and ", b.Reductions.Select(r => r.Op.ToString().ToLowerInvariant()))} over {Dim(b.Loop.Dim)}: {Lane(b.Loop)}");
        parts.Add("lanes " + string.Join(", ", p.LaneLoops.Select(l => $"{Dim(l.Dim)}: {Lane(l)}")));
        return string.Join("; ", parts);
    }).ToArray();

    private static string Lane(LanePlan l) => l.IsVectorized ? $"vector x{l.Unroll}" : $"scalar because {l.WhyScalar!.Reason}";

    /// <summary>A size class by the first input that has it: "y", "z.rows", "z.cols".</summary>
    private static string Dim(int cls)
    {
        for (int i = 0; i < _names.Bound.Inputs.Length; i++)
        {
            Shape s = _names.Bound.Inputs[i].Shape;
            if (s.Rank >= 1 && _names.Dims.Find(s.D0) == cls) return _names.Parameters[i].Name + (s.Rank == 2 ? ".rows" : "");
            if (s.Rank == 2 && _names.Dims.Find(s.D1) == cls) return _names.Parameters[i].Name + ".cols";
        }
        return "d" + cls;
    }
}
