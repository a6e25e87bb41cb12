using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LossGen.Ir;
using LossGen.Ir.Operations;

namespace LossGen.Emit;

/// <summary>
/// Builds the <see cref="KernelPlan"/> of one generated method from the lowered DAG. Every scheduling decision is
/// made here, as data; the emitter prints what it is given.
/// <para>
/// Every value is computed inside the loop over its outer dimension. Global reductions (over all elements, down
/// columns, or scatters) are the only barriers: a value that depends on one is available from the next pass. Each
/// global reduction and each sink is placed in the earliest pass its inputs allow, and all work of one pass over one
/// dimension shares one loop, so elementwise terms under a full reduction are read once and their gradients written
/// in the same loop. Row reductions (dim: 1) are computed per row in inner loops, grouped by dependency level (row
/// max, then row sum of exp, then the elementwise tail).
/// </para>
/// </summary>
internal sealed class KernelPlanner(DimUnifier dims)
{
    public KernelPlan Plan(Node? root, IReadOnlyList<Sink> sinks)
    {
        var targets = sinks.Select(s => s.Value).ToList();
        if (root is not null) targets.Add(root);
        List<Node> order = TopologicalOrder(targets);
        Dictionary<Node, int> avail = Availability(order);

        // Group global reductions and sinks into (pass, outer dimension) loops.
        var groups = new SortedDictionary<(int Pass, int Dim), (List<Node> Globals, List<Sink> Sinks)>();
        (List<Node> Globals, List<Sink> Sinks) Group(int pass, int dim)
        {
            if (!groups.TryGetValue((pass, dim), out var g))
                groups[(pass, dim)] = g = (new List<Node>(), new List<Sink>());
            return g;
        }
        foreach (Node n in order.Where(IsGlobal))
        {
            // A scatter loops over its labels; other reductions over their operand's outer dimension.
            int pass = Math.Max(1, n.Args.Max(a => avail[a]));
            Group(pass, dims.Find(n.Op == Op.ScatterSum ? n.Args[1].Shape.D0 : n.Args[0].Shape.D0)).Globals.Add(n);
        }
        foreach (Sink s in sinks)
            Group(Math.Max(1, avail[s.Value]), dims.Find(s.Domain.D0)).Sinks.Add(s);

        Dictionary<int, Node> ignoredLabels = LabelGuards.Find(targets);
        var passes = ImmutableArray.CreateBuilder<PassPlan>();
        var earlier = new List<Node>();
        foreach (var g in groups)
        {
            PassPlan pass = PlanPass(g.Key.Pass, g.Key.Dim, g.Value.Globals, g.Value.Sinks, sinks, earlier, ignoredLabels);
            passes.Add(pass);
            earlier.AddRange(g.Value.Globals);
        }
        return new KernelPlan(passes.ToImmutable(), root, ignoredLabels);
    }

    private PassPlan PlanPass(int number, int dim, List<Node> globals, List<Sink> sinks, IReadOnlyList<Sink> allSinks,
        IReadOnlyList<Node> earlierGlobals, IReadOnlyDictionary<int, Node> ignoredLabels)
    {
        Node[] roots = globals.Select(x => x.Args[0]).Concat(sinks.Select(s => s.Value)).ToArray();
        ChunkPlan? chunked = globals.All(x => x.Op != Op.ScatterSum && x.Shape.Rank == 0)
            ? PlanChunks(roots, globals, sinks, allSinks, earlierGlobals, ignoredLabels)
            : null;
        int cost = 1 + 4 * PassNodes(roots).Count(IsCostly);
        var reductions = globals.Select(x => new ReductionPlan(x, ReductionRule.For(x.Op))).ToImmutableArray();

        bool hasMatrixWork = globals.Any(x => x.Op != Op.ScatterSum && x.Args[0].Shape.Rank == 2) || sinks.Any(s => s.IsMatrix);
        if (!hasMatrixWork && !globals.Any(x => x.Op == Op.ScatterSum) && !NeedsRowReductions(dim, roots))
        {
            // Pure rank-1 work: the outer loop itself is the lane loop.
            var items = globals.Select(x => new LaneItem(x.Args[0], LaneTarget.Scalar, ReductionRule.For(x.Op)))
                .Concat(sinks.Select(s => new LaneItem(s.Value, LaneTarget.Output, null)));
            return new PassPlan(number, dim, PassLoop.Elements, chunked, reductions, sinks.ToImmutableArray(), cost,
                ImmutableArray<RowReductionBatch>.Empty, [PlanLaneLoop(dim, items, outer: true)]);
        }

        // One row at a time; the rank-2 work in one column loop per column dimension, in first-use order.
        var columnWork = new List<(int Dim, List<LaneItem> Items)>();
        List<LaneItem> Work(int d)
        {
            int cls = dims.Find(d);
            foreach (var w in columnWork)
                if (w.Dim == cls) return w.Items;
            columnWork.Add((cls, new List<LaneItem>()));
            return columnWork[columnWork.Count - 1].Items;
        }
        foreach (Node global in globals)
        {
            Node x = global.Args[0];
            if (global.Op != Op.ScatterSum && x.Shape.Rank == 2)
                Work(x.Shape.D1).Add(new LaneItem(x, global.Axis == Axis.Dim0 ? LaneTarget.Buffer : LaneTarget.Scalar, ReductionRule.For(global.Op)));
        }
        foreach (Sink s in sinks.Where(s => s.IsMatrix))
            Work(s.Domain.D1).Add(new LaneItem(s.Value, LaneTarget.Output, null));

        return new PassPlan(number, dim, PassLoop.Rows, chunked, reductions, sinks.ToImmutableArray(), cost,
            PlanRowReductions(dim, roots), columnWork.Select(w => PlanLaneLoop(w.Dim, w.Items, outer: false)).ToImmutableArray());
    }

    /// <summary>
    /// The parameters of a chunked pass's chunk function: the inputs its loop reads (labels' masked values included),
    /// the outputs it writes, the sizes of the column dimensions it walks or indexes (and any size() in the formula),
    /// and the earlier passes' results it reads; in the order inputs, outputs, sizes, results. Also whether the spans
    /// among them fit LossParallel.Run's pins.
    /// </summary>
    private ChunkPlan PlanChunks(Node[] roots, List<Node> globals, List<Sink> sinks, IReadOnlyList<Sink> allSinks,
        IReadOnlyList<Node> earlierGlobals, IReadOnlyDictionary<int, Node> ignoredLabels)
    {
        var inputs = new SortedDictionary<int, bool>();
        var sizes = new SortedSet<int>();
        var reads = new HashSet<Node>();
        int? columnDim = null;
        // A matrix output is walked by a column loop even when the value it stores is not itself rank 2 (a column
        // vector broadcast down the rows, such as the gradient of sum(w, dim: 0)[t]).
        foreach (Sink s in sinks.Where(s => s.IsMatrix))
            sizes.Add(dims.Find(s.Domain.D1));
        foreach (Node n in PassNodes(roots))
        {
            if (n.Shape.Rank == 2)
            {
                // A rank-2 value is walked by a column loop or indexed at row * columns + column.
                sizes.Add(dims.Find(n.Shape.D1));
            }
            if (IsGlobal(n))
            {
                reads.Add(n);
                continue;
            }
            switch (n.Op)
            {
                case Op.Input:
                    inputs[n.Index] = n.Shape.Rank > 0;
                    break;
                case Op.Size:
                    sizes.Add(dims.Find(n.Index));
                    break;
                case Op.Gather or Op.Pick when ignoredLabels.TryGetValue(n.Args[1].Index, out Node? masked) && masked.Op == Op.Input:
                    inputs[masked.Index] = false;
                    break;
            }
        }
        // The pass's size counts its elements by the column count of the first rank-2 value it reads.
        foreach (Node n in PassNodes(roots))
        {
            if (n.Shape.Rank != 2) continue;
            columnDim = dims.Find(n.Shape.D1);
            break;
        }
        if (columnDim is null && sinks.FirstOrDefault(s => s.IsMatrix) is { } matrixSink)
            columnDim = dims.Find(matrixSink.Domain.D1);

        var parameters = ImmutableArray.CreateBuilder<ChunkInput>();
        foreach (var input in inputs)
            parameters.Add(new ChunkInput(ChunkInputKind.Input, input.Key, input.Value));
        foreach (Sink s in allSinks.Where(sinks.Contains))
            parameters.Add(new ChunkInput(ChunkInputKind.Output, 0, true, Output: s));
        foreach (int size in sizes)
            parameters.Add(new ChunkInput(ChunkInputKind.Size, size, false));
        foreach (Node global in earlierGlobals.Where(reads.Contains))
            parameters.Add(new ChunkInput(ChunkInputKind.Reduction, 0, global.Shape.Rank > 0, Reduction: global));

        int spans = parameters.Count(p => p.IsSpan) + (globals.Count > 0 ? 1 : 0);
        return new ChunkPlan(parameters.ToImmutable(), columnDim, Threaded: spans <= ChunkPlan.MaxPins);
    }

    /// <summary>The row reductions reachable from a row loop's work without crossing a global or a gather, batched by level.</summary>
    private ImmutableArray<RowReductionBatch> PlanRowReductions(int dim, Node[] roots)
    {
        var level = new Dictionary<Node, int>();
        foreach (Node n in TopologicalOrder(roots))
        {
            int l = 0;
            if (!IsGlobal(n) && n.Op != Op.Gather)
                foreach (Node a in n.Args) l = Math.Max(l, level.TryGetValue(a, out int al) ? al : 0);
            if (IsRowReduction(n) && !IsGlobal(n) && dims.Find(n.Shape.D0) == dim)
                l++;
            level[n] = l;
        }
        var rowReductions = level.Keys.Where(n => IsRowReduction(n) && dims.Find(n.Shape.D0) == dim && !IsGlobal(n))
            .Where(n => Reachable(n, roots)).ToList();
        return rowReductions.GroupBy(n => (level[n], dims.Find(n.Args[0].Shape.D1))).OrderBy(b => b.Key.Item1)
            .Select(b => new RowReductionBatch(b.Key.Item1, b.ToImmutableArray(), PlanRowReductionLoop(b.ToList(), b.Key.Item2)))
            .ToImmutableArray();
    }

    /// <summary>The column loop computing <paramref name="reductions"/> of one row (also for reductions the plan did not batch).</summary>
    public LanePlan PlanRowReductionLoop(IReadOnlyList<Node> reductions, int columnDim)
        => PlanLaneLoop(columnDim, reductions.Select(r => new LaneItem(r.Args[0], LaneTarget.Scalar, ReductionRule.For(r.Op))), outer: false);

    /// <summary>
    /// Decides how a lane loop runs. Rank-1 (outer) loops are long reductions: two accumulators hide add latency, and
    /// cheap ones (no transcendental, division or root: MSE, hinge, MAE) are bound by loads and stores and unroll four
    /// times. Column loops inside a row loop stay single: their method has many loops, and fewer locals keep the JIT
    /// tracking all of them in registers.
    /// </summary>
    private LanePlan PlanLaneLoop(int laneDim, IEnumerable<LaneItem> items, bool outer)
    {
        ImmutableArray<LaneItem> work = items.ToImmutableArray();
        (ScalarReason? whyScalar, HashSet<Node> shared) = Vectorization(work, laneDim);
        int unroll = outer ? (work.Any(w => PassNodes(w.Value).Any(IsCostly)) ? 2 : 4) : 1;
        return new LanePlan(laneDim, work, whyScalar, unroll, shared.ToImmutableHashSet(), MaskedRemainder: !outer && whyScalar is null);
    }

    /// <summary>
    /// Why some value the loop computes per lane has no vector form (labels, gathers, general powers, ...), or null;
    /// and the arguments x whose softplus(x) and sigmoid(x) are both needed, which share one exp(-|x|).
    /// </summary>
    private (ScalarReason? WhyScalar, HashSet<Node> Shared) Vectorization(ImmutableArray<LaneItem> work, int laneDim)
    {
        var seen = new HashSet<Node>();
        var softplus = new HashSet<Node>();
        var sigmoid = new HashSet<Node>();
        var stack = new Stack<Node>(work.Select(w => w.Value));
        (ScalarReason?, HashSet<Node>) Scalar(Node n, string reason) => (new ScalarReason(reason, n), new HashSet<Node>());
        while (stack.Count > 0)
        {
            Node n = stack.Pop();
            if (!seen.Add(n) || !IsLaneOf(n, laneDim)) continue;
            if (IsGlobal(n))
            {
                if (n.Shape.Rank != 1) return Scalar(n, "a reduction scattered by labels");
                continue;
            }
            if (OperationTable.Of(n.Op) is { } f)
            {
                if (f.VectorCode is null) return Scalar(n, $"{f.Name} has no vector form yet");
                if (n.Op == Op.Softplus) softplus.Add(n.Args[0]);
                else if (n.Op == Op.Sigmoid) sigmoid.Add(n.Args[0]);
                foreach (Node a in n.Args) stack.Push(a);
                continue;
            }
            switch (n.Op)
            {
                case Op.Const or Op.ColumnIndex:
                    break;
                case Op.Input:
                    if (n.Kind != ElemKind.Real) return Scalar(n, "integer labels are read per element");
                    break;
                case Op.Pow:
                    // Constant small powers are products; any loop-invariant exponent goes through LossMath.Pow.
                    if (IsLaneOf(n.Args[1], laneDim)) return Scalar(n, "the exponent varies per element");
                    break;
                case Op.Add or Op.Mul or Op.Div or Op.Max2 or Op.Min2 or Op.Clamp
                    or Op.Less or Op.LessEqual or Op.Greater or Op.GreaterEqual or Op.Equal or Op.NotEqual:
                    break;
                case Op.Where:
                    if (n.Kind != ElemKind.Real) return Scalar(n, "where(...) selects integer values");
                    break;
                default:
                    return Scalar(n, n.Op switch
                    {
                        Op.Gather or Op.Pick => "labels select the element to read (a gather)",
                        Op.Sum or Op.Max or Op.Min => "a reduction along each row is computed per element of this loop",
                        _ => $"{Printer.FunctionName(n.Op)} has no vector form yet",
                    });
            }
            foreach (Node a in n.Args) stack.Push(a);
        }
        softplus.IntersectWith(sigmoid);
        return (null, softplus);
    }

    public bool IsLaneOf(Node n, int laneDim)
    {
        foreach (int d in n.Shape.Dims)
            if (dims.Find(d) == laneDim) return true;
        return false;
    }

    /// <summary>Whether the loop's work reads a per-row reduction of its own rows (then rows are iterated one by one).</summary>
    private bool NeedsRowReductions(int dim, Node[] roots)
        => TopologicalOrder(roots).Any(n => IsRowReduction(n) && dims.Find(n.Shape.D0) == dim && Reachable(n, roots));

    public static List<Node> TopologicalOrder(IEnumerable<Node> roots)
    {
        var order = new List<Node>();
        var seen = new HashSet<Node>();
        foreach (Node root in roots)
        {
            foreach (Node n in Differentiator.TopologicalOrder(root))
                if (seen.Add(n)) order.Add(n);
        }
        return order;
    }

    /// <summary>The first pass in which each node can be evaluated elementwise.</summary>
    private static Dictionary<Node, int> Availability(List<Node> order)
    {
        var avail = new Dictionary<Node, int>();
        foreach (Node n in order)
        {
            int a = 1;
            foreach (Node arg in n.Args) a = Math.Max(a, avail[arg]);
            avail[n] = IsGlobal(n) ? a + 1 : a;
        }
        return avail;
    }

    /// <summary>Reductions that cross the outer loop: over all elements, down columns, or scattered by labels.</summary>
    public static bool IsGlobal(Node n) => n.Op switch
    {
        Op.Sum or Op.Max or Op.Min => n.Args[0].Shape.Rank > 0 && n.Axis != Axis.Dim1,
        Op.ScatterSum => true,
        _ => false,
    };

    public static bool IsRowReduction(Node n) => n.Op is Op.Sum or Op.Max or Op.Min && n.Axis == Axis.Dim1 && n.Args[0].Shape.Rank == 2;

    /// <summary>The nodes that evaluating <paramref name="roots"/> needs, without crossing into global reductions.</summary>
    public static List<Node> PassNodes(params Node[] roots)
    {
        var result = new List<Node>();
        var seen = new HashSet<Node>();
        var stack = new Stack<Node>(roots);
        while (stack.Count > 0)
        {
            Node n = stack.Pop();
            if (!seen.Add(n)) continue;
            result.Add(n);
            if (IsGlobal(n)) continue;
            foreach (Node a in n.Args) stack.Push(a);
        }
        return result;
    }

    private static bool IsCostly(Node n) => n.Shape.Rank > 0 && (OperationTable.Of(n.Op)?.Cost == CostClass.Transcendental
        || n.Op == Op.Div
        || n.Op == Op.Pow && !(n.Args[1].Op == Op.Const && n.Args[1].Value is 2 or 3));

    private static bool Reachable(Node target, IEnumerable<Node> roots)
    {
        // Row reductions inside a gather's source are evaluated at another row; leave those to on-demand emission.
        var seen = new HashSet<Node>();
        var stack = new Stack<Node>(roots);
        while (stack.Count > 0)
        {
            Node n = stack.Pop();
            if (!seen.Add(n)) continue;
            if (n == target) return true;
            if (IsGlobal(n)) continue;
            if (n.Op == Op.Gather) { stack.Push(n.Args[1]); continue; }
            foreach (Node a in n.Args) stack.Push(a);
        }
        return false;
    }
}
