using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using LossGen.Ir;
using LossGen.Ir.Operations;

namespace LossGen.Emit;

/// <summary>
/// Emits the body of one generated method from the lowered DAG, following the <see cref="KernelPlan"/> that
/// <see cref="KernelPlanner"/> builds: its passes, loops, reductions and vectorization decisions.
/// <para>
/// Evaluation is demand-driven: each node becomes a local in the outermost block whose loop indices it depends on,
/// so row-level values are hoisted out of column loops and scalars out of all loops, and a node is computed once
/// per block.
/// </para>
/// </summary>
internal sealed class KernelEmitter
{
    private readonly BoundLoss _loss;
    private readonly DimUnifier _dims;
    private readonly ScalarSyntax _t;
    private readonly IReadOnlyList<string> _paramIdents;
    private readonly string _p;
    private readonly Dictionary<int, string> _sizeVars = new();
    private readonly Dictionary<int, string> _flatVars = new();
    private readonly Dictionary<Node, string> _globalVars = new();
    private readonly Dictionary<Node, bool> _globalIsBuffer = new();
    private readonly Printer _printer;
    private int _nextLocal;

    public KernelEmitter(BoundLoss loss, DimUnifier dims, ScalarSyntax t, IReadOnlyList<string> paramIdents, string internalPrefix)
    {
        _loss = loss;
        _dims = dims;
        _t = t;
        _paramIdents = paramIdents;
        _p = internalPrefix;
        _printer = new Printer(loss.Decl.Inputs.Select(i => i.Name).ToList());
        _planner = new KernelPlanner(dims);
    }

    private readonly KernelPlanner _planner;

    /// <summary>Gradient outputs: name of the output parameter for each differentiable input index.</summary>
    public Dictionary<int, string> GradientOutputs { get; } = new();

    public string? PerSampleOutput { get; set; }

    public void EmitBody(CodeWriter w, Node? root, IReadOnlyList<Sink> sinks)
    {
        var top = new Block(null);
        _sinks = sinks;
        EmitValidation(top, root, sinks);

        KernelPlan plan = _planner.Plan(root, sinks);
        bool anyBuffer = plan.NeedsBuffers;
        if (anyBuffer)
        {
            top.Add("try");
            top.Add("{");
        }
        Block body = anyBuffer ? new Block(top) : top;
        _scalarHome = body;
        foreach (PassPlan pass in plan.Passes)
            EmitLoop(body, pass);
        if (root is not null)
        {
            string value = EvalReal(root, body, new Env());
            body.Add($"return {value};");
        }
        if (anyBuffer)
        {
            foreach (string v in _rented)
                top.Insert(top.Lines.Count - 2, $"{_t.Name}[]? {v} = null;");
            top.AddBlock(body);
            top.Add("}");
            top.Add("finally");
            top.Add("{");
            foreach (string v in _rented)
                top.Add($"    if ({v} is not null) global::System.Buffers.ArrayPool<{_t.Name}>.Shared.Return({v});");
            top.Add("}");
        }
        w.Lines(top.Lines);
        w.Lines(_localFunctions);
    }

    private IReadOnlyList<Sink> _sinks = [];

    private readonly List<string> _rented = new();
    private Block? _scalarHome;

    // ---------------------------------------------------------------- validation

    private void EmitValidation(Block top, Node? root, IReadOnlyList<Sink> sinks)
    {
        LossDecl decl = _loss.Decl;
        top.Add("// Validate every argument before touching memory.");
        for (int i = 0; i < decl.Inputs.Count; i++)
        {
            if (decl.Inputs[i].Kind != InputKind.Matrix) continue;
            string flat = _p + "f" + i.ToString(CultureInfo.InvariantCulture);
            _flatVars[i] = flat;
            top.Add($"global::System.ReadOnlySpan<{_t.Name}> {flat} = global::LossGen.LossArgs.Dense({_paramIdents[i]}, \"{decl.Inputs[i].Name}\", out int {flat}r, out int {flat}c);");
        }
        var described = new Dictionary<int, string>();
        foreach (DimSource s in _loss.DimSources)
        {
            int cls = _dims.Find(s.Dim);
            string expr = SourceExpr(s);
            string what = SourceDescription(s);
            if (_sizeVars.TryGetValue(cls, out string? existing))
            {
                top.Add($"global::LossGen.LossArgs.SameSize({existing}, \"{described[cls]}\", {expr}, \"{what}\");");
            }
            else
            {
                string v = _p + "n" + cls.ToString(CultureInfo.InvariantCulture);
                _sizeVars[cls] = v;
                described[cls] = what;
                top.Add($"int {v} = {expr};");
            }
        }
        foreach (Sink s in sinks)
        {
            if (s.IsMatrix)
            {
                string flat = _p + "o" + s.Output.TrimStart('@');
                top.Add($"global::System.Span<{_t.Name}> {flat} = global::LossGen.LossArgs.Dense({s.Output}, \"{s.Output.TrimStart('@')}\", out int {flat}r, out int {flat}c);");
                top.Add($"global::LossGen.LossArgs.SameSize({Size(s.Domain.D0)}, \"{described[_dims.Find(s.Domain.D0)]}\", {flat}r, \"{s.Output.TrimStart('@')}.Lengths[0]\");");
                top.Add($"global::LossGen.LossArgs.SameSize({Size(s.Domain.D1)}, \"{described[_dims.Find(s.Domain.D1)]}\", {flat}c, \"{s.Output.TrimStart('@')}.Lengths[1]\");");
                _outputFlat[s] = flat;
            }
            else
            {
                top.Add($"global::LossGen.LossArgs.SameSize({Size(s.Domain.D0)}, \"{described[_dims.Find(s.Domain.D0)]}\", {s.Output}.Length, \"{s.Output.TrimStart('@')}.Length\");");
            }
        }
        // Labels must index inside whatever they select from, or hold a value that the formula masks.
        var targets = sinks.Select(s => s.Value).ToList();
        if (root is not null) targets.Add(root);
        _ignoredLabels = LabelGuards.Find(targets);
        var seen = new HashSet<string>();
        foreach (Node n in KernelPlanner.TopologicalOrder(targets))
        {
            if (n.Op is not (Op.Gather or Op.Pick or Op.ScatterSum)) continue;
            Node labels = n.Args[1];
            int classes = n.Op switch
            {
                Op.Gather => n.Args[0].Shape.D0,
                Op.Pick => n.Args[0].Shape.D1,
                _ => n.Shape.D0,
            };
            string size = Size(classes);
            if (!seen.Add(labels.Index + ":" + size)) continue;
            string name = decl.Inputs[labels.Index].Name;
            string ignored = _ignoredLabels.TryGetValue(labels.Index, out Node? k)
                ? $", {IgnoredLabel(k)}, \"{(k.Op == Op.Input ? decl.Inputs[k.Index].Name : IgnoredLabel(k))}\"" : "";
            top.Add($"global::LossGen.LossArgs.Labels({_paramIdents[labels.Index]}, {size}, \"{name}\", \"{described[_dims.Find(classes)]}\"{ignored});");
        }
        top.Add("");
    }

    private readonly Dictionary<Sink, string> _outputFlat = new();

    private string SourceExpr(DimSource s)
    {
        InputDecl input = _loss.Decl.Inputs[s.Input];
        if (input.Kind == InputKind.Matrix)
            return _flatVars[s.Input] + (s.Axis == 0 ? "r" : "c");
        return _paramIdents[s.Input] + ".Length";
    }

    private string SourceDescription(DimSource s)
    {
        InputDecl input = _loss.Decl.Inputs[s.Input];
        return input.Kind == InputKind.Matrix ? $"{input.Name}.Lengths[{s.Axis}]" : $"{input.Name}.Length";
    }

    private string Size(int dim) => _sizeVars.TryGetValue(_dims.Find(dim), out string? v)
        ? v
        : throw new InvalidOperationException("A dimension has no run-time size.");

    // ---------------------------------------------------------------- planning

    // ---------------------------------------------------------------- loops

    private void EmitLoop(Block top, PassPlan g)
    {
        var what = Globals(g).Select(x => "reduces " + _printer.Print(x))
            .Concat(g.Sinks.Select(s => "writes " + s.What)).ToList();
        top.Add($"// Pass {g.Number} over {Describe(g.Dim)}: {string.Join("; ", what)}.");
        if (g.Chunked)
        {
            EmitChunkedLoop(top, g);
            return;
        }
        foreach (Node global in Globals(g)) DeclareGlobal(top, global);
        EmitLoopBody(top, g, "0", null);
        // The accumulators now hold their final values; later passes read them.
        foreach (Node global in Globals(g)) _computed.Add(global);
    }

    /// <summary>
    /// The loop of one pass over the outer indices [<paramref name="start"/>, <paramref name="limit"/>) (null: to
    /// the end), accumulating into the pass's globals, which the caller has declared in <paramref name="top"/>.
    /// </summary>
    private void EmitLoopBody(Block top, PassPlan g, string start, string? limit)
    {
        if (g.Loop == PassLoop.Elements)
        {
            // Pure rank-1 work: the outer loop itself is the lane loop.
            var work = new List<LaneWork>();
            foreach (Node global in Globals(g))
                work.Add(new LaneWork(global.Args[0], global.Op, _globalVars[global], LaneTarget.Scalar, null));
            foreach (Sink s in g.Sinks)
                work.Add(new LaneWork(s.Value, Op.Const, s.Output, LaneTarget.Output, null));
            EmitLaneLoop(top, new Env(), g.LaneLoops[0], work, "i", start, limit);
            top.Add("");
            return;
        }

        string n = limit ?? _sizeVars[g.Dim];
        string i = Local("i");
        var row = new Block(top);
        var env = new Env().With(g.Dim, new Index(i, row));

        // Row reductions the items need, in dependency order, fused per (level, column dimension).
        foreach (RowReductionBatch batch in g.RowReductions)
            EmitRowReductions(row, env, batch.Reductions, batch.Loop);

        var matrixWork = new Dictionary<int, List<LaneWork>>();
        foreach (Node global in Globals(g))
        {
            Node x = global.Args[0];
            string acc = _globalVars[global];
            if (global.Op == Op.ScatterSum)
            {
                string at = SafeLabel(global.Args[1], Eval(global.Args[1], row, env));
                string v = EvalReal(x, row, env);
                row.Add($"{acc}[{at}] += {v};");
                continue;
            }
            if (x.Shape.Rank == 1)
            {
                row.Add(Accumulate(global.Op, acc, EvalReal(x, row, env)));
                continue;
            }
            Work(matrixWork, x.Shape.D1).Add(new LaneWork(x, global.Op, acc,
                global.Axis == Axis.Dim0 ? LaneTarget.Buffer : LaneTarget.Scalar, null));
        }
        foreach (Sink s in g.Sinks)
        {
            if (!s.IsMatrix)
            {
                row.Add($"{s.Output}[{i}] = {EvalReal(s.Value, row, env)};");
                continue;
            }
            Work(matrixWork, s.Domain.D1).Add(new LaneWork(s.Value, Op.Const, _outputFlat[s], LaneTarget.Output, Offset(env.Get(g.Dim), s.Domain.D1)));
        }
        foreach (KeyValuePair<int, List<LaneWork>> work in matrixWork)
            EmitLaneLoop(row, env, g.LaneLoops.Single(l => l.Dim == work.Key), work.Value, "j");
        top.Add($"for (int {i} = {start}; {i} < {n}; {i}++)");
        top.Add("{");
        top.AddBlock(row);
        top.Add("}");
        top.Add("");
    }

    private static IEnumerable<Node> Globals(PassPlan pass) => pass.Reductions.Select(r => r.Node);

    private readonly HashSet<Node> _computed = new();
    private readonly List<string> _localFunctions = new();

    /// <summary>Spans LossGen.LossParallel.Run can pin for one parallel pass.</summary>
    private const int MaxPins = 12;

    /// <summary>
    /// A pass whose globals are all reductions to one value (sum, max, min over everything) runs in fixed chunks:
    /// the loop becomes a static local function over [lo, hi) that returns its partial results, called chunk by chunk
    /// in order on one thread, or on several threads through LossGen.LossParallel. The partials are combined in chunk
    /// order either way, so the result does not depend on the thread count.
    /// </summary>
    private void EmitChunkedLoop(Block top, PassPlan g)
    {
        // 1. The chunk kernel: the pass's loop over [lo, hi), its accumulators local, returned through out parameters.
        var fn = new Block(null);
        Block? home = _scalarHome;
        _scalarHome = fn;
        string lo = Local("lo"), hi = Local("hi");
        var partials = new List<(Node Global, string Out)>();
        try
        {
            foreach (Node global in Globals(g))
            {
                DeclareGlobal(fn, global);
                partials.Add((global, Local("p")));
            }
            EmitLoopBody(fn, g, lo, hi);
            while (fn.Lines.Count > 0 && fn.Lines[fn.Lines.Count - 1].Length == 0) fn.Lines.RemoveAt(fn.Lines.Count - 1);
            foreach ((Node global, string o) in partials) fn.Add($"{o} = {_globalVars[global]};");
        }
        finally
        {
            _scalarHome = home;
        }

        // Its parameters: whatever of the method's spans, sizes, hyperparameters and earlier results it reads.
        var used = new HashSet<string>();
        foreach (string line in fn.Lines)
        {
            string code = line;
            int comment = code.IndexOf("//", StringComparison.Ordinal);
            if (comment >= 0) code = code.Substring(0, comment);
            foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(code, "@?[A-Za-z_][A-Za-z0-9_]*"))
                used.Add(m.Value);
        }
        var args = Candidates().Where(c => used.Contains(c.Name)).ToList();
        string fnName = Local("chunk");
        string T = _t.Name;
        var signature = args.Select(a => $"{a.Type} {a.Name}")
            .Append($"int {lo}").Append($"int {hi}")
            .Concat(partials.Select(p => $"out {T} {p.Out}"));
        var header = new List<string>
        {
            "",
            partials.Count > 0
                ? $"// Pass {g.Number}, one chunk: the outer indices [{lo}, {hi}); returns its partial results."
                : $"// Pass {g.Number}, one chunk: the outer indices [{lo}, {hi}).",
            "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]",
            $"static void {fnName}({string.Join(", ", signature)})",
            "{",
        };
        _localFunctions.AddRange(header);
        foreach (string l in fn.Lines) _localFunctions.Add(l.Length == 0 ? l : "    " + l);
        _localFunctions.Add("}");

        // 2. The pass: fixed chunks of the outer dimension, partial results combined in chunk order.
        foreach (Node global in Globals(g))
            top.Add($"{T} {_globalVars[global]} = {GlobalInit(global)};");
        string n = _sizeVars[g.Dim];
        string cols = ColumnsOf(g);
        string len = Local("len"), chunks = Local("chunks");
        top.Add("// Fixed chunks (LossParallel.ChunkLength: about 16K elements), whatever the thread count, so that any number of threads gives the same bits.");
        top.Add($"int {len} = global::LossGen.LossParallel.ChunkLength({cols});");
        top.Add($"int {chunks} = {n} == 0 ? 0 : ({n} - 1) / {len} + 1;");
        string Combine(Node global, string partial) => ReductionRule.For(global.Op).Accumulate(_t, _globalVars[global], partial);

        var sequential = new Block(top);
        {
            string c = Local("c"), at = Local("lo");
            var outs = partials.Select(_ => Local("q")).ToList();
            sequential.Add($"for (int {c} = 0; {c} < {chunks}; {c}++)");
            sequential.Add("{");
            sequential.Add($"    int {at} = {c} * {len};");
            string call = string.Join(", ", args.Select(a => a.Name)
                .Append(at).Append($"{at} + global::System.Math.Min({len}, {n} - {at})")
                .Concat(outs.Select(o => $"out {T} {o}")));
            sequential.Add($"    {fnName}({call});");
            for (int k = 0; k < partials.Count; k++) sequential.Add("    " + Combine(partials[k].Global, outs[k]));
            sequential.Add("}");
        }

        int spans = args.Count(a => a.Pin is not null) + (partials.Count > 0 ? 1 : 0);
        if (spans > MaxPins)
        {
            top.Add("// One thread (too many spans to hand to helper threads): the chunks in order.");
            foreach (string l in sequential.Lines) top.Add(l);
            top.Add("");
            foreach (Node global in Globals(g)) _computed.Add(global);
            return;
        }

        string degree = Local("threads");
        top.Add($"int {degree} = global::LossGen.LossParallel.Degree({chunks}, (long){n} * {cols} * {g.Cost});");
        top.Add($"if ({degree} > 1)");
        top.Add("{");
        {
            var par = new Block(top);
            string pa = Local("pa"), st = Local("st"), s = Local("s"), c = Local("c"), pins = Local("pins"), at = Local("lo");
            var scalars = args.Where(a => a.Pin is null && a.Name != n).ToList();
            var pinned = args.Where(a => a.Pin is not null).ToList();
            string stateType = "(" + string.Join(", ", new[] { "int", "int" }.Concat(scalars.Select(a => a.Type))) + ")";
            string stateValue = "(" + string.Join(", ", new[] { len, n }.Concat(scalars.Select(a => a.Name))) + ")";
            var callArgs = new List<string>();
            foreach (var a in args)
            {
                if (a.Pin is null) { callArgs.Add(a.Name == n ? $"{s}.Item2" : $"{s}.Item{3 + scalars.IndexOf(a)}"); continue; }
                callArgs.Add($"{pins}.{a.Pin}({pinned.IndexOf(a)})");
            }
            callArgs.Add(at);
            callArgs.Add($"{at} + global::System.Math.Min({s}.Item1, {s}.Item2 - {at})");
            for (int k = 0; k < partials.Count; k++)
                callArgs.Add($"out {pins}.Writable<{T}>({pinned.Count})[{c} * {partials.Count} + {k}]");
            var pinArgs = pinned.Select(a => $"global::System.Runtime.InteropServices.MemoryMarshal.AsBytes({a.Name})").ToList();
            par.Add("// Several threads: each chunk writes its partial results to its own slots, combined below in chunk order.");
            if (partials.Count > 0)
            {
                par.Add($"{T}[] {pa} = global::System.Buffers.ArrayPool<{T}>.Shared.Rent({chunks} * {partials.Count});");
                pinArgs.Add($"global::System.Runtime.InteropServices.MemoryMarshal.AsBytes(new global::System.Span<{T}>({pa}))");
                par.Add("try");
                par.Add("{");
            }
            var run = new List<string>
            {
                $"var {st} = {stateValue};",
                $"global::LossGen.LossParallel.Run(ref {st}, {chunks}, {degree}, static (ref {stateType} {s}, int {c}, in global::LossGen.LossPins {pins}) =>",
                "{",
                $"    int {at} = {c} * {s}.Item1;",
                $"    {fnName}({string.Join(", ", callArgs)});",
                "}" + (pinArgs.Count > 0 ? ", " + string.Join(", ", pinArgs) : "") + ");",
            };
            string indent = partials.Count > 0 ? "    " : "";
            foreach (string l in run) par.Add(indent + l);
            if (partials.Count > 0)
            {
                string c2 = Local("c");
                par.Add($"    for (int {c2} = 0; {c2} < {chunks}; {c2}++)");
                par.Add("    {");
                for (int k = 0; k < partials.Count; k++)
                    par.Add("        " + Combine(partials[k].Global, $"{pa}[{c2} * {partials.Count} + {k}]"));
                par.Add("    }");
                par.Add("}");
                par.Add("finally");
                par.Add("{");
                par.Add($"    global::System.Buffers.ArrayPool<{T}>.Shared.Return({pa});");
                par.Add("}");
            }
            top.AddBlock(par);
        }
        top.Add("}");
        top.Add("else");
        top.Add("{");
        top.Add("    // One thread: the same chunks, in order.");
        top.AddBlock(sequential);
        top.Add("}");
        top.Add("");
        foreach (Node global in Globals(g)) _computed.Add(global);
    }

    /// <summary>One value a chunk kernel can read: its name and type in the method, and how helpers get it (null: by value).</summary>
    private sealed record Candidate(string Name, string Type, string? Pin);

    private IEnumerable<Candidate> Candidates()
    {
        string T = _t.Name;
        LossDecl decl = _loss.Decl;
        for (int i = 0; i < decl.Inputs.Count; i++)
        {
            switch (decl.Inputs[i].Kind)
            {
                case InputKind.Matrix:
                    yield return new Candidate(_flatVars[i], $"global::System.ReadOnlySpan<{T}>", $"ReadOnly<{T}>");
                    break;
                case InputKind.Vector:
                    yield return new Candidate(_paramIdents[i], $"global::System.ReadOnlySpan<{T}>", $"ReadOnly<{T}>");
                    break;
                case InputKind.Labels:
                    yield return new Candidate(_paramIdents[i], "global::System.ReadOnlySpan<int>", "ReadOnly<int>");
                    break;
                case InputKind.Scalar:
                    yield return new Candidate(_paramIdents[i], T, null);
                    break;
                default:
                    yield return new Candidate(_paramIdents[i], "int", null);
                    break;
            }
        }
        foreach (Sink s in _sinks)
            yield return new Candidate(_outputFlat.TryGetValue(s, out string? flat) ? flat : s.Output, $"global::System.Span<{T}>", $"Writable<{T}>");
        foreach (string v in _sizeVars.OrderBy(p => p.Key).Select(p => p.Value))
            yield return new Candidate(v, "int", null);
        foreach (Node global in _computed)
            yield return global.Shape.Rank == 0
                ? new Candidate(_globalVars[global], T, null)
                : new Candidate(_globalVars[global], $"global::System.Span<{T}>", $"Writable<{T}>");
    }

    private string GlobalInit(Node global) => ReductionRule.For(global.Op).Identity(_t);

    /// <summary>Elements per outer index of a pass: the column count of the first rank-2 value it reads, or 1.</summary>
    private string ColumnsOf(PassPlan g)
    {
        foreach (Node n in KernelPlanner.PassNodes(g.Reductions.Select(r => r.Node.Args[0]).Concat(g.Sinks.Select(s => s.Value)).ToArray()))
            if (n.Shape.Rank == 2) return Size(n.Shape.D1);
        return "1";
    }

    private List<LaneWork> Work(Dictionary<int, List<LaneWork>> work, int dim)
    {
        int cls = _dims.Find(dim);
        if (!work.TryGetValue(cls, out List<LaneWork>? list))
            work[cls] = list = new List<LaneWork>();
        return list;
    }

    /// <summary>
    /// One thing a lane loop does per element: accumulate <see cref="Value"/> into a scalar or a per-lane buffer
    /// with <see cref="Reduce"/>, or store it into an output at <see cref="Offset"/> + index.
    /// </summary>
    private sealed record LaneWork(Node Value, Op Reduce, string Target, LaneTarget Kind, string? Offset);

    /// <summary>
    /// Emits a loop over <paramref name="laneDim"/>: when every value it needs is vectorizable, a Vector512, then
    /// Vector256, then Vector128 body (whichever is accelerated; the JIT drops the others), unrolled twice with two
    /// accumulators per reduction so sums are not bound by add latency; then a scalar loop for the tail.
    /// </summary>
    private void EmitLaneLoop(Block parent, Env outer, LanePlan lane, List<LaneWork> work, string indexKind, string start = "0", string? limit = null)
    {
        // A row reduction can be emitted on demand while a lane loop is being built: keep the outer loop's state.
        (VectorSyntax? v0, int lane0, Block? block0, ImmutableHashSet<Node>? fused0, string? mask0) = (_v, _laneDim, _vectorBlock, _fused, _mask);
        _v = null;
        _vectorBlock = null;
        _fused = null;
        _mask = null;
        try
        {
            EmitLaneLoopCore(parent, outer, lane, work, indexKind, start, limit ?? _sizeVars[lane.Dim]);
        }
        finally
        {
            (_v, _laneDim, _vectorBlock, _fused, _mask) = (v0, lane0, block0, fused0, mask0);
        }
    }

    private void EmitLaneLoopCore(Block parent, Env outer, LanePlan lane, List<LaneWork> work, string indexKind, string start, string limit)
    {
        string i = Local(indexKind);
        parent.Add($"int {i} = {start};");
        int laneDim = lane.Dim;
        if (lane.WhyScalar is { } why) ScalarFallbacks.Add((why.Reason, why.Node.Origin));
        ImmutableHashSet<Node>? fused = lane.IsVectorized ? lane.SharedSoftplusSigmoid : null;
        int unroll = lane.Unroll;
        if (fused is not null)
        {
            bool first = true;
            foreach (VectorSyntax v in VectorSyntax.For(_t))
            {
                var vectorBlock = new Block(parent);
                var loop = new Block(vectorBlock);
                _v = v;
                _laneDim = laneDim;
                _vectorBlock = vectorBlock;
                _fused = fused;
                var accumulators = new Dictionary<LaneWork, string[]>();
                foreach (LaneWork w in work.Where(w => w.Kind == LaneTarget.Scalar))
                {
                    string init = ReductionRule.For(w.Reduce).VectorIdentity(_t, v);
                    string[] names = Enumerable.Range(0, unroll).Select(k => Local("v" + (char)('a' + k))).ToArray();
                    accumulators[w] = names;
                    vectorBlock.Add($"{v.Type} {string.Join(", ", names.Select(n => $"{n} = {init}"))};");
                }
                // Loop-invariant values are hoisted into vectorBlock while the bodies are built, so they precede both loops.
                var single = unroll == 4 ? new Block(vectorBlock) : null;
                EmitLaneBody(loop, outer, laneDim, work, v, i, unroll, accumulators);
                if (single is not null) EmitLaneBody(single, outer, laneDim, work, v, i, 1, accumulators);
                vectorBlock.Add(unroll == 1
                    ? $"for (; {i} <= {limit} - {v.Count}; {i} += {v.Count})"
                    : $"for (; {i} <= {limit} - {unroll} * {v.Count}; {i} += {unroll} * {v.Count})");
                vectorBlock.Add("{");
                vectorBlock.AddBlock(loop);
                vectorBlock.Add("}");
                if (single is not null)
                {
                    vectorBlock.Add($"for (; {i} <= {limit} - {v.Count}; {i} += {v.Count}) // one vector at a time");
                    vectorBlock.Add("{");
                    vectorBlock.AddBlock(single);
                    vectorBlock.Add("}");
                }
                if (indexKind == "j")
                    EmitPartialVector(vectorBlock, outer, laneDim, work, v, i, limit, accumulators);
                foreach (KeyValuePair<LaneWork, string[]> pair in accumulators)
                {
                    vectorBlock.Add(ReductionRule.For(pair.Key.Reduce).AccumulateAcross(_t, v, pair.Key.Target, pair.Value));
                }
                _v = null;
                _vectorBlock = null;
                // Appended only now, so that values hoisted into the parent while building the body precede it.
                parent.Add($"{(first ? "if" : "else if")} ({v.Api}.IsHardwareAccelerated)");
                parent.Add("{");
                first = false;
                parent.AddBlock(vectorBlock);
                parent.Add("}");
            }
        }

        var tail = new Block(parent);
        var tailEnv = outer.With(laneDim, new Index(i, tail));
        foreach (LaneWork w in work)
        {
            string value = EvalReal(w.Value, tail, tailEnv);
            tail.Add(w.Kind switch
            {
                LaneTarget.Scalar => Accumulate(w.Reduce, w.Target, value),
                LaneTarget.Buffer => Accumulate(w.Reduce, $"{w.Target}[{i}]", value),
                _ => $"{w.Target}[{(w.Offset is null ? i : w.Offset + " + " + i)}] = {value};",
            });
        }
        parent.Add(fused is null ? $"for (; {i} < {limit}; {i}++)" : $"for (; {i} < {limit}; {i}++) // scalar tail");
        parent.Add("{");
        parent.AddBlock(tail);
        parent.Add("}");
        _fused = null;
    }

    /// <summary>
    /// One iteration of a vector loop: <paramref name="copies"/> consecutive vectors from index <paramref name="i"/>,
    /// copy k accumulating into accumulator k.
    /// </summary>
    private void EmitLaneBody(Block loop, Env outer, int laneDim, List<LaneWork> work, VectorSyntax v, string i, int copies,
        Dictionary<LaneWork, string[]> accumulators)
    {
        // Plain output stores of unrolled copies go after all the copies' loads, so no load waits behind a store.
        var stores = new List<string>();
        for (int copy = 0; copy < copies; copy++)
        {
            string at = copy switch { 0 => i, 1 => $"{i} + {v.Count}", _ => $"{i} + {copy} * {v.Count}" };
            Env env = outer.With(laneDim, new Index(at, loop));
            foreach (LaneWork w in work)
            {
                string value = Eval(w.Value, loop, env);
                switch (w.Kind)
                {
                    case LaneTarget.Scalar:
                        loop.Add(ReductionRule.For(w.Reduce).AccumulateVector(v, accumulators[w][copy], value));
                        break;
                    case LaneTarget.Buffer:
                    {
                        string current = $"{v.Api}.LoadUnsafe(ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference({w.Target}), {Unsigned(at)})";
                        string combined = ReductionRule.For(w.Reduce).CombineVectors(v, current, value);
                        loop.Add($"{v.Api}.StoreUnsafe({combined}, ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference({w.Target}), {Unsigned(at)});");
                        break;
                    }
                    default:
                        string offset = w.Offset is null ? at : $"{w.Offset} + {at}";
                        stores.Add($"{v.Api}.StoreUnsafe({value}, ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference({w.Target}), {Unsigned(offset)});");
                        break;
                }
            }
        }
        foreach (string store in stores) loop.Add(store);
    }

    /// <summary>
    /// After a column loop's full vectors: the remaining columns (fewer than a vector) as one vector whose lanes past
    /// the row's end are masked off (masked loads and stores never touch memory past the row), so short rows (a few
    /// classes) do not fall back to the scalar tail.
    /// </summary>
    private void EmitPartialVector(Block vectorBlock, Env outer, int laneDim, List<LaneWork> work, VectorSyntax v, string i, string limit,
        Dictionary<LaneWork, string[]> accumulators)
    {
        var partial = new Block(vectorBlock);
        // The loop above leaves limit % Count columns, the same for every row: the mask is computed once, outside all loops.
        string maskKey = "mask:" + v.Type + ":" + limit;
        if (!_scalarHome!.Cache.TryGetValue(maskKey, out string? mask))
        {
            mask = Local("m");
            _scalarHome.Add($"{v.Type} {mask} = {v.Api}.LessThan({v.Type}.Indices, {v.Api}.Create(({_t.Name})({limit} % {v.Count})));");
            _scalarHome.Cache[maskKey] = mask;
        }
        Env env = outer.With(laneDim, new Index(i, partial));
        _mask = mask;
        try
        {
            foreach (LaneWork w in work)
            {
                string value = Eval(w.Value, partial, env);
                switch (w.Kind)
                {
                    case LaneTarget.Scalar:
                    {
                        // Masked-off lanes contribute the rule's identity.
                        ReductionRule rule = ReductionRule.For(w.Reduce);
                        string identity = rule.Op == Op.Sum ? $"{v.Type}.Zero" : Splat(rule.Identity(_t), ElemKind.Real);
                        partial.Add(rule.AccumulateVector(v, accumulators[w][0], $"{v.Api}.ConditionalSelect({mask}, {value}, {identity})"));
                        break;
                    }
                    case LaneTarget.Buffer:
                    {
                        string combined = ReductionRule.For(w.Reduce).CombineVectors(v, Load(w.Target, i), value);
                        partial.Add($"{RuntimeNames.LossMath}.StoreMasked({combined}, {w.Target}, {i}, {mask});");
                        break;
                    }
                    default:
                        partial.Add($"{RuntimeNames.LossMath}.StoreMasked({value}, {w.Target}, {(w.Offset is null ? i : $"{w.Offset} + {i}")}, {mask});");
                        break;
                }
            }
        }
        finally
        {
            _mask = null;
        }
        partial.Add($"{i} = {limit};");
        vectorBlock.Add($"if ({i} < {limit})");
        vectorBlock.Add("{");
        vectorBlock.Add("    // The last columns, fewer than a vector: one vector with the lanes past the row's end masked off.");
        vectorBlock.AddBlock(partial);
        vectorBlock.Add("}");
    }

    private string? _mask;

    /// <summary>Why a loop fell back to scalar code, with the formula span responsible (for LG0005).</summary>
    public List<(string Reason, Formula.Span Origin)> ScalarFallbacks { get; } = new();

    private VectorSyntax? _v;
    private int _laneDim = -1;
    private Block? _vectorBlock;
    private ImmutableHashSet<Node>? _fused;

    private void DeclareGlobal(Block top, Node global)
    {
        string v = Local("g");
        _globalVars[global] = v;
        string init = ReductionRule.For(global.Op).Identity(_t);
        if (global.Shape.Rank == 0)
        {
            top.Add($"{_t.Name} {v} = {init};");
            return;
        }
        string size = Size(global.Shape.D0);
        string rent = v + "a";
        _rented.Add(rent);
        top.Add($"global::System.Span<{_t.Name}> {v} = {size} <= 256 ? stackalloc {_t.Name}[256] : ({rent} = global::System.Buffers.ArrayPool<{_t.Name}>.Shared.Rent({size}));");
        top.Add($"{v} = {v}.Slice(0, {size});");
        top.Add($"{v}.Fill({init});");
    }

    private string Accumulate(Op op, string target, string value) => ReductionRule.For(op).Accumulate(_t, target, value);

    private void EmitRowReductions(Block row, Env env, IReadOnlyList<Node> reductions, LanePlan loop)
    {
        var work = new List<LaneWork>();
        foreach (Node r in reductions)
        {
            string acc = Local("r");
            row.Add($"{_t.Name} {acc} = {ReductionRule.For(r.Op).Identity(_t)};");
            work.Add(new LaneWork(r.Args[0], r.Op, acc, LaneTarget.Scalar, null));
        }
        row.Add($"// {string.Join("; ", reductions.Select(r => _printer.Print(r)))}");
        EmitLaneLoop(row, env, loop, work, "j");
        for (int k = 0; k < reductions.Count; k++)
            row.Cache[Key(reductions[k], env)] = work[k].Target;
    }

    // ---------------------------------------------------------------- expressions

    private string EvalReal(Node n, Block at, Env env)
    {
        string code = Eval(n, at, env);
        return n.Kind == ElemKind.Int ? $"(({_t.Name}){code})" : code;
    }

    /// <summary>Returns C# for the value of <paramref name="n"/> at the indices in <paramref name="env"/>.</summary>
    private string Eval(Node n, Block at, Env env)
    {
        if (_v is not null && !IsLane(n))
        {
            // Computed once outside the lane loop, then splatted into the vector block.
            VectorSyntax v = _v;
            _v = null;
            string scalar;
            try { scalar = Eval(n, at, env); }
            finally { _v = v; }
            return Splat(scalar, n.Kind);
        }
        switch (n.Op)
        {
            case Op.Const:
                if (_v is not null) return Splat(_t.Literal(n.Value), n.Kind);
                return n.Kind switch
                {
                    ElemKind.Bool => n.Value != 0 ? "true" : "false",
                    ElemKind.Int => ((long)n.Value).ToString(CultureInfo.InvariantCulture),
                    _ => _t.Literal(n.Value),
                };
            case Op.Input when _v is not null:
            {
                // One load per vector and input, however often the formula reads it.
                Block loadHome = Home(n, at, env);
                string loadKey = Key(n, env);
                if (loadHome.Cache.TryGetValue(loadKey, out string? loaded)) return loaded;
                string loadLocal = Local("x");
                loadHome.Add($"{_v.Type} {loadLocal} = {InputAccess(n, env)};");
                return loadHome.Cache[loadKey] = loadLocal;
            }
            case Op.Input:
                return InputAccess(n, env);
            case Op.Size:
                return $"(({_t.Name}){Size(n.Index)})";
            case Op.ColumnIndex:
            {
                string j = env.Get(_dims.Find(n.Shape.D1)).Code;
                return _v is null ? j : $"({_v.Api}.Create(({_t.Name})({j})) + {_v.Type}.Indices)";
            }
        }
        if (KernelPlanner.IsGlobal(n))
        {
            if (!_computed.Contains(n))
                throw new InvalidOperationException("A reduction was used before the pass that computes it.");
            if (n.Shape.Rank == 0) return _globalVars[n];
            string at0 = env.Get(_dims.Find(n.Shape.D0)).Code;
            return _v is null ? $"{_globalVars[n]}[{at0}]" : Load(_globalVars[n], at0);
        }

        Block home = Home(n, at, env);
        string key = Key(n, env);
        if (home.Cache.TryGetValue(key, out string? cached)) return cached;

        if (KernelPlanner.IsRowReduction(n))
        {
            // Not planned (e.g. reached through a gather): compute it on demand in its own loop.
            EmitRowReductions(home, env, [n], _planner.PlanRowReductionLoop([n], _dims.Find(n.Args[0].Shape.D1)));
            return home.Cache[key];
        }

        string type = _v is not null ? _v.Type : n.Kind switch { ElemKind.Bool => "bool", ElemKind.Int => "int", _ => _t.Name };
        if (n.Op is Op.Softplus or Op.Sigmoid && _fused is not null && _fused.Contains(n.Args[0]))
        {
            string partnerKey = (n.Op == Op.Softplus ? "softplus:" : "sigmoid:") + Key(n.Args[0], env);
            if (home.Cache.TryGetValue(partnerKey, out string? shared)) return home.Cache[key] = shared;
            // softplus(x) and sigmoid(x) share one exp(-|x|).
            string x = EvalReal(n.Args[0], home, env);
            string softplus = Local("sp"), sigmoid = Local("sg");
            home.Add($"{type} {softplus} = {RuntimeNames.LossMath}.SoftplusAndSigmoid({x}, out {type} {sigmoid});");
            home.Cache["softplus:" + Key(n.Args[0], env)] = softplus;
            home.Cache["sigmoid:" + Key(n.Args[0], env)] = sigmoid;
            home.Cache[key] = n.Op == Op.Softplus ? softplus : sigmoid;
            return home.Cache[key];
        }

        string expr = _v is not null ? VectorExpression(n, home, env, _v) : Expression(n, home, env);
        string local = Local("t");
        home.Add($"{type} {local} = {expr};");
        home.Cache[key] = local;
        return local;
    }

    private bool IsLane(Node n) => _planner.IsLaneOf(n, _laneDim);

    /// <summary>A vector with every lane equal to a scalar computed outside the lane loop.</summary>
    private string Splat(string scalar, ElemKind kind)
    {
        VectorSyntax v = _v!;
        string key = "splat:" + scalar;
        if (_vectorBlock!.Cache.TryGetValue(key, out string? existing)) return existing;
        string value = kind switch
        {
            ElemKind.Bool => $"{scalar} ? {v.Type}.AllBitsSet : {v.Type}.Zero",
            ElemKind.Int => $"{v.Api}.Create(({_t.Name})({scalar}))",
            _ => $"{v.Api}.Create({scalar})",
        };
        string local = Local("s");
        _vectorBlock.Add($"{v.Type} {local} = {value};");
        _vectorBlock.Cache[key] = local;
        return local;
    }

    /// <summary>
    /// A sum as C#, with negative-coefficient terms written as subtractions; <paramref name="value"/> gives a term's
    /// code and <paramref name="constant"/> a constant's (a literal in scalar code, a splat in vector code).
    /// </summary>
    private static string SumText(Node n, Func<Node, string> value, Func<double, string> constant)
    {
        var parts = new List<string>();
        foreach (Node term in n.Args)
        {
            bool first = parts.Count == 0;
            if (!first && term.Op == Op.Mul && term.Args[0].Op == Op.Const && term.Args[0].Value < 0)
            {
                double c = -term.Args[0].Value;
                string product = string.Join(" * ", term.Args.Skip(1).Select(value));
                parts.Add("- " + (c == 1 ? product : constant(c) + " * " + product));
            }
            else if (!first && term.Op == Op.Const && term.Value < 0)
            {
                parts.Add("- " + constant(-term.Value));
            }
            else
            {
                parts.Add((first ? "" : "+ ") + value(term));
            }
        }
        return string.Join(" ", parts);
    }

    private string Load(string span, string index) => _mask is not null
        ? $"{RuntimeNames.LossMath}.LoadMasked({span}, {index}, {_mask})"
        : $"{_v!.Api}.LoadUnsafe(ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference({span}), {Unsigned(index)})";

    /// <summary>
    /// An element index "a + b + ..." (ints, never negative) as (nuint)(a) + (nuint)(b) + ...: the JIT widens the loop
    /// index once and folds constant offsets (the unrolled copies' k·Count) into the address, instead of adding and
    /// sign-extending each sum separately.
    /// </summary>
    private static string Unsigned(string index) => string.Join(" + ", index.Split([" + "], StringSplitOptions.None).Select(p => $"(nuint)({p})"));

    private string VectorExpression(Node n, Block at, Env env, VectorSyntax v)
    {
        string R(int k) => Eval(n.Args[k], at, env);
        if (OperationTable.Of(n.Op) is { } f)
            return OperationCode.Vector(f, _t, v, n.Args.Select(a => Eval(a, at, env)).ToArray());
        switch (n.Op)
        {
            case Op.Add:
                return SumText(n, a => Eval(a, at, env), c => Splat(_t.Literal(c), ElemKind.Real));
            case Op.Mul:
            {
                // Loop-invariant factors are multiplied once, as scalars, and splatted together.
                var invariant = n.Args.Where(a => !IsLane(a)).ToList();
                var factors = n.Args.Where(IsLane).Select(a => Eval(a, at, env)).ToList();
                if (invariant.Count == 1 && invariant[0].IsConst(-1))
                    return "-(" + string.Join(" * ", factors) + ")";
                if (invariant.Count > 0)
                {
                    _v = null;
                    string scalar;
                    try { scalar = string.Join(" * ", invariant.Select(a => EvalReal(a, at, env))); }
                    finally { _v = v; }
                    factors.Insert(0, Splat(invariant.Count == 1 ? scalar : "(" + scalar + ")", ElemKind.Real));
                }
                return string.Join(" * ", factors);
            }
            case Op.Div: return $"{R(0)} / {R(1)}";
            case Op.Pow:
            {
                string x = R(0);
                Node k = n.Args[1];
                if (k.Op == Op.Const && k.Value is 2 or 3 or -1 or -2 or 0.5)
                {
                    return k.Value switch
                    {
                        2 => $"{x} * {x}",
                        3 => $"{x} * {x} * {x}",
                        -1 => $"{Splat(_t.Literal(1), ElemKind.Real)} / {x}",
                        -2 => $"{Splat(_t.Literal(1), ElemKind.Real)} / ({x} * {x})",
                        _ => $"{v.Api}.Sqrt({x})",
                    };
                }
                _v = null;
                string exponent;
                try { exponent = EvalReal(k, at, env); }
                finally { _v = v; }
                return $"{RuntimeNames.LossMath}.Pow({x}, {exponent})";
            }
            case Op.Max2: return $"{v.Api}.Max({R(0)}, {R(1)})";
            case Op.Min2: return $"{v.Api}.Min({R(0)}, {R(1)})";
            case Op.Clamp: return $"{v.Api}.Min({v.Api}.Max({R(0)}, {R(1)}), {R(2)})";
            case Op.Less: return $"{v.Api}.LessThan({R(0)}, {R(1)})";
            case Op.LessEqual: return $"{v.Api}.LessThanOrEqual({R(0)}, {R(1)})";
            case Op.Greater: return $"{v.Api}.GreaterThan({R(0)}, {R(1)})";
            case Op.GreaterEqual: return $"{v.Api}.GreaterThanOrEqual({R(0)}, {R(1)})";
            case Op.Equal: return $"{v.Api}.Equals({R(0)}, {R(1)})";
            case Op.NotEqual: return $"~{v.Api}.Equals({R(0)}, {R(1)})";
            case Op.Where: return $"{v.Api}.ConditionalSelect({R(0)}, {R(1)}, {R(2)})";
            default:
                throw new InvalidOperationException($"No vector code for {n.Op}.");
        }
    }

    private string Expression(Node n, Block at, Env env)
    {
        string R(int k) => EvalReal(n.Args[k], at, env);
        string M = _t.Math;
        if (OperationTable.Of(n.Op) is { } f)
        {
            string[] operands = n.Args.Select(a => f.Operands == OperandKind.Condition ? Eval(a, at, env) : EvalReal(a, at, env)).ToArray();
            return OperationCode.Scalar(f, _t, operands);
        }
        switch (n.Op)
        {
            case Op.Add:
                return SumText(n, a => EvalReal(a, at, env), _t.Literal);
            case Op.Mul:
            {
                if (n.Args[0].IsConst(-1))
                    return "-" + string.Join(" * ", n.Args.Skip(1).Select(a => EvalReal(a, at, env)));
                return string.Join(" * ", n.Args.Select(a => EvalReal(a, at, env)));
            }
            case Op.Div: return $"{R(0)} / {R(1)}";
            case Op.Pow: return Power(n, at, env);
            case Op.Max2: return $"{M}.Max({R(0)}, {R(1)})";
            case Op.Min2: return $"{M}.Min({R(0)}, {R(1)})";
            case Op.Clamp: return $"{M}.Min({M}.Max({R(0)}, {R(1)}), {R(2)})";
            case Op.Less: return $"{Eval(n.Args[0], at, env)} < {Eval(n.Args[1], at, env)}";
            case Op.LessEqual: return $"{Eval(n.Args[0], at, env)} <= {Eval(n.Args[1], at, env)}";
            case Op.Greater: return $"{Eval(n.Args[0], at, env)} > {Eval(n.Args[1], at, env)}";
            case Op.GreaterEqual: return $"{Eval(n.Args[0], at, env)} >= {Eval(n.Args[1], at, env)}";
            case Op.Equal: return $"{Eval(n.Args[0], at, env)} == {Eval(n.Args[1], at, env)}";
            case Op.NotEqual: return $"{Eval(n.Args[0], at, env)} != {Eval(n.Args[1], at, env)}";
            case Op.Where:
                return n.Kind == ElemKind.Int
                    ? $"{Eval(n.Args[0], at, env)} ? {Eval(n.Args[1], at, env)} : {Eval(n.Args[2], at, env)}"
                    : $"{Eval(n.Args[0], at, env)} ? {R(1)} : {R(2)}";
            case Op.Gather:
            {
                Index label = LabelIndex(n.Args[1], at, env);
                return Eval(n.Args[0], at, env.With(_dims.Find(n.Args[0].Shape.D0), label));
            }
            case Op.Pick:
            {
                Index label = LabelIndex(n.Args[1], at, env);
                return Eval(n.Args[0], at, env.With(_dims.Find(n.Args[0].Shape.D1), label));
            }
            default:
                throw new InvalidOperationException($"No code for {n.Op}.");
        }
    }

    private Index LabelIndex(Node labels, Block at, Env env)
    {
        Block home = Home(labels, at, env);
        return new Index(SafeLabel(labels, Eval(labels, at, env)), home);
    }

    /// <summary>Label input index → the value the formula masks (LabelGuards), which the labels may hold.</summary>
    private Dictionary<int, Node> _ignoredLabels = new();

    /// <summary>A masked label reads (and discards) class 0 instead of indexing out of range.</summary>
    private string SafeLabel(Node labels, string code)
        => _ignoredLabels.TryGetValue(labels.Index, out Node? k) ? $"({code} == {IgnoredLabel(k)} ? 0 : {code})" : code;

    /// <summary>An integral constant prints as an int (so it also reads well in messages); any other constant, NaN and
    /// ±∞ included, through the one constant printer.</summary>
    private string IgnoredLabel(Node k)
        => k.Op == Op.Input ? _paramIdents[k.Index]
            : k.Value == System.Math.Floor(k.Value) && System.Math.Abs(k.Value) <= int.MaxValue ? ((int)k.Value).ToString(CultureInfo.InvariantCulture)
            : ScalarSyntax.Double.Literal(k.Value);

    private string Power(Node n, Block at, Env env)
    {
        string x = EvalReal(n.Args[0], at, env);
        Node k = n.Args[1];
        if (k.Op == Op.Const)
        {
            double e = k.Value;
            if (e == 2) return $"{x} * {x}";
            if (e == 3) return $"{x} * {x} * {x}";
            if (e == -1) return $"{_t.Literal(1)} / {x}";
            if (e == 0.5) return $"{_t.Math}.Sqrt({x})";
            if (e == -2) return $"{_t.Literal(1)} / ({x} * {x})";
        }
        return $"{_t.Math}.Pow({x}, {EvalReal(k, at, env)})";
    }

    private string InputAccess(Node n, Env env)
    {
        InputDecl input = _loss.Decl.Inputs[n.Index];
        string ident = _paramIdents[n.Index];
        switch (input.Kind)
        {
            case InputKind.Scalar:
            case InputKind.IntScalar:
                return ident;
            case InputKind.Vector:
            case InputKind.Labels:
            {
                string at = env.Get(_dims.Find(n.Shape.D0)).Code;
                return _v is null ? $"{ident}[{at}]" : Load(ident, at);
            }
            default:
            {
                Index row = env.Get(_dims.Find(n.Shape.D0));
                Index col = env.Get(_dims.Find(n.Shape.D1));
                string at = $"{Offset(row, n.Shape.D1)} + {col.Code}";
                return _v is null ? $"{_flatVars[n.Index]}[{at}]" : Load(_flatVars[n.Index], at);
            }
        }
    }

    /// <summary>row * cols, computed once per row in the block that defines the row index.</summary>
    private string Offset(Index row, int colDim)
    {
        string key = "offset:" + row.Code + ":" + _dims.Find(colDim).ToString(CultureInfo.InvariantCulture);
        if (row.Home.Cache.TryGetValue(key, out string? v)) return v;
        v = Local("o");
        row.Home.Add($"int {v} = {row.Code} * {Size(colDim)};");
        row.Home.Cache[key] = v;
        return v;
    }

    /// <summary>The outermost block in which all indices <paramref name="n"/> depends on are defined.</summary>
    private Block Home(Node n, Block at, Env env)
    {
        Block? home = null;
        foreach (int d in n.Shape.Dims)
        {
            Block b = env.Get(_dims.Find(d)).Home;
            if (home is null || b.Depth > home.Depth) home = b;
        }
        // Scalars go to the method body (inside the try block when buffers are rented).
        return home ?? _scalarHome!;
    }

    private string Key(Node n, Env env)
    {
        var key = n.Id.ToString(CultureInfo.InvariantCulture);
        foreach (int d in n.Shape.Dims) key += "|" + env.Get(_dims.Find(d)).Code;
        return key;
    }

    private string Local(string kind) => _p + kind + (_nextLocal++).ToString(CultureInfo.InvariantCulture);

    private string Describe(int dim)
    {
        DimSource s = _loss.DimSources.First(x => _dims.Find(x.Dim) == dim);
        return "each of the " + SourceDescription(s) + " elements";
    }

    // ---------------------------------------------------------------- blocks

    private sealed record Index(string Code, Block Home);

    private sealed class Env
    {
        private readonly Dictionary<int, Index> _map;

        public Env() => _map = new Dictionary<int, Index>();

        private Env(Dictionary<int, Index> map) => _map = map;

        public Env With(int dim, Index index) => new(new Dictionary<int, Index>(_map) { [dim] = index });

        public Index Get(int dim) => _map.TryGetValue(dim, out Index? i)
            ? i
            : throw new InvalidOperationException("A value is used outside the loop over its dimension.");
    }

    /// <summary>A C# block under construction: its lines and the values already computed in it.</summary>
    private sealed class Block
    {
        public Block(Block? parent)
        {
            Parent = parent;
            Depth = parent is null ? 0 : parent.Depth + 1;
        }

        public Block? Parent { get; }
        public int Depth { get; }
        public List<string> Lines { get; } = new();
        public Dictionary<string, string> Cache { get; } = new();

        public void Add(string line) => Lines.Add(line);

        public void Insert(int index, string line) => Lines.Insert(index, line);

        public void AddBlock(Block child)
        {
            foreach (string l in child.Lines) Lines.Add(l.Length == 0 ? l : "    " + l);
        }
    }
}
