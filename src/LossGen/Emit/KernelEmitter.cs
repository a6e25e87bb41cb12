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
/// per block (blocks remember their locals by IR node and loop indices). Where an expression is printed (which
/// indices are bound, whether as vector code and at which width, under which mask) travels in an immutable
/// <see cref="Env"/>; the emitter keeps no modes.
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
        // Values of the formula itself (the loss, or a per-sample member's losses, which come first) carry the span of
        // the text they were bound from; values built by differentiation carry the whole formula's.
        Node? formula = root ?? (sinks.Count > 0 ? sinks[0].Value : null);
        _formulaNodes = formula is null ? [] : new HashSet<Node>(KernelPlanner.TopologicalOrder([formula]));
        var top = new Block(null);
        KernelPlan plan = _planner.Plan(root, sinks);
        _ignoredLabels = plan.IgnoredLabels;
        EmitValidation(top, root, sinks);

        bool anyBuffer = plan.NeedsBuffers;
        if (anyBuffer)
        {
            top.Add("try");
            top.Add("{");
        }
        Block body = anyBuffer ? new Block(top) : top;
        foreach (PassPlan pass in plan.Passes)
            EmitLoop(body, pass);
        if (root is not null)
        {
            string value = EvalReal(root, body, new Env(body));
            body.Add($"return {value};");
        }
        if (anyBuffer)
        {
            var rented = plan.Passes.SelectMany(p => p.Reductions).Where(r => r.RentsBuffer).Select(r => RentedArray(r.Node)).ToList();
            foreach (string v in rented)
                top.Insert(top.Lines.Count - 2, $"{_t.Name}[]? {v} = null;");
            top.AddBlock(body);
            top.Add("}");
            top.Add("finally");
            top.Add("{");
            foreach (string v in rented)
                top.Add($"    if ({v} is not null) ArrayPool<{_t.Name}>.Shared.Return({v});");
            top.Add("}");
        }
        w.Lines(top.Lines);
        w.Lines(_localFunctions);
    }

    // ---------------------------------------------------------------- validation

    private void EmitValidation(Block top, Node? root, IReadOnlyList<Sink> sinks)
    {
        LossDecl decl = _loss.Decl;
        top.Add("// Validate every argument before touching memory.");
        for (int i = 0; i < decl.Inputs.Count; i++)
        {
            if (decl.Inputs[i].Kind != InputKind.Matrix) continue;
            string flat = Local(decl.Inputs[i].Name + "Data");
            _flatVars[i] = flat;
            _matrixLengths[i] = (Local(decl.Inputs[i].Name + "Rows"), Local(decl.Inputs[i].Name + "Cols"));
            top.Add($"ReadOnlySpan<{_t.Name}> {flat} = {RuntimeNames.LossArgs}.Dense({_paramIdents[i]}, \"{decl.Inputs[i].Name}\", out int {_matrixLengths[i].Rows}, out int {_matrixLengths[i].Columns});");
        }
        var described = new Dictionary<int, string>();
        foreach (DimSource s in _loss.DimSources)
        {
            int cls = _dims.Find(s.Dim);
            string expr = SourceExpr(s);
            string what = SourceDescription(s);
            if (_sizeVars.TryGetValue(cls, out string? existing))
            {
                top.Add($"{RuntimeNames.LossArgs}.SameSize({existing}, \"{described[cls]}\", {expr}, \"{what}\");");
            }
            else
            {
                string v = Local(SizeName(s));
                _sizeVars[cls] = v;
                described[cls] = what;
                top.Add($"int {v} = {expr};");
            }
        }
        foreach (Sink s in sinks)
        {
            if (s.IsMatrix)
            {
                string output = s.Output.TrimStart('@');
                string flat = Local(output + "Data"), rows = Local(output + "Rows"), cols = Local(output + "Cols");
                top.Add($"Span<{_t.Name}> {flat} = {RuntimeNames.LossArgs}.Dense({s.Output}, \"{output}\", out int {rows}, out int {cols});");
                top.Add($"{RuntimeNames.LossArgs}.SameSize({Size(s.Domain.D0)}, \"{described[_dims.Find(s.Domain.D0)]}\", {rows}, \"{output}.Lengths[0]\");");
                top.Add($"{RuntimeNames.LossArgs}.SameSize({Size(s.Domain.D1)}, \"{described[_dims.Find(s.Domain.D1)]}\", {cols}, \"{output}.Lengths[1]\");");
                _outputFlat[s] = flat;
            }
            else
            {
                top.Add($"{RuntimeNames.LossArgs}.SameSize({Size(s.Domain.D0)}, \"{described[_dims.Find(s.Domain.D0)]}\", {s.Output}.Length, \"{s.Output.TrimStart('@')}.Length\");");
            }
        }
        // Labels must index inside whatever they select from, or hold a value that the formula masks.
        var targets = sinks.Select(s => s.Value).ToList();
        if (root is not null) targets.Add(root);
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
            top.Add($"{RuntimeNames.LossArgs}.Labels({_paramIdents[labels.Index]}, {size}, \"{name}\", \"{described[_dims.Find(classes)]}\"{ignored});");
        }
        top.Add("");
    }

    private readonly Dictionary<Sink, string> _outputFlat = new();

    private string SourceExpr(DimSource s)
    {
        InputDecl input = _loss.Decl.Inputs[s.Input];
        if (input.Kind == InputKind.Matrix)
            return s.Axis == 0 ? _matrixLengths[s.Input].Rows : _matrixLengths[s.Input].Columns;
        return _paramIdents[s.Input] + ".Length";
    }

    private readonly Dictionary<int, (string Rows, string Columns)> _matrixLengths = new();

    /// <summary>The local holding a dimension's size, named after its first source: yLength, zRows, zCols.</summary>
    private string SizeName(DimSource s)
    {
        InputDecl input = _loss.Decl.Inputs[s.Input];
        return input.Name + (input.Kind != InputKind.Matrix ? "Length" : s.Axis == 0 ? "RowCount" : "ColumnCount");
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
        var what = g.Reductions.Select(r => $"the {RuleName(r.Node.Op)} {(r.RentsBuffer ? "down the columns " : "")}in {Quote(r.Node)}")
            .Concat(g.Sinks.Select(s => "writes " + s.What)).ToList();
        top.Add($"// Pass {g.Number} over {Describe(g.Dim)}: {string.Join("; ", what)}.");
        if (g.Chunks is { } chunks)
        {
            EmitChunkedLoop(top, g, chunks);
            return;
        }
        foreach (ReductionPlan global in g.Reductions) DeclareGlobal(top, global);
        EmitLoopBody(top, g, "0", null, scalarHome: top);
        // The accumulators now hold their final values; later passes read them.
        foreach (Node global in Globals(g)) _computed.Add(global);
    }

    /// <summary>
    /// The loop of one pass over the outer indices [<paramref name="start"/>, <paramref name="limit"/>) (null: to
    /// the end), accumulating into the pass's globals, which the caller has declared in <paramref name="top"/>;
    /// loop-invariant scalars go to <paramref name="scalarHome"/> (the method body, or the chunk function's).
    /// </summary>
    private void EmitLoopBody(Block top, PassPlan g, string start, string? limit, Block scalarHome)
    {
        if (g.Loop == PassLoop.Elements)
        {
            // Pure rank-1 work: the outer loop itself is the lane loop.
            var work = new List<LaneWork>();
            foreach (Node global in Globals(g))
                work.Add(new LaneWork(global.Args[0], global.Op, _globalVars[global], LaneTarget.Scalar, null));
            foreach (Sink s in g.Sinks)
                work.Add(new LaneWork(s.Value, Op.Const, s.Output, LaneTarget.Output, null));
            EmitLaneLoop(top, new Env(scalarHome), g.LaneLoops[0], work, "i", start, limit);
            top.Add("");
            return;
        }

        string n = limit ?? _sizeVars[g.Dim];
        string i = Local("i");
        var row = new Block(top);
        var env = new Env(scalarHome).With(g.Dim, new Index(i, row));
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

    /// <summary>
    /// A pass whose globals are all reductions to one value (sum, max, min over everything) runs in fixed chunks:
    /// the loop becomes a static local function over [lo, hi) that returns its partial results, called chunk by chunk
    /// in order on one thread, or on several threads through LossGen.LossParallel. The partials are combined in chunk
    /// order either way, so the result does not depend on the thread count.
    /// </summary>
    private void EmitChunkedLoop(Block top, PassPlan g, ChunkPlan chunking)
    {
        // 1. The chunk kernel: the pass's loop over [lo, hi), its accumulators local, returned through out parameters.
        var fn = new Block(null);
        string lo = Local("lo"), hi = Local("hi");
        var partials = new List<(Node Global, string Out)>();
        foreach (ReductionPlan global in g.Reductions)
        {
            DeclareGlobal(fn, global);
            partials.Add((global.Node, Local("partial")));
        }
        EmitLoopBody(fn, g, lo, hi, scalarHome: fn);
        while (fn.Lines.Count > 0 && fn.Lines[fn.Lines.Count - 1].Length == 0) fn.Lines.RemoveAt(fn.Lines.Count - 1);
        foreach ((Node global, string o) in partials) fn.Add($"{o} = {_globalVars[global]};");

        // Its parameters, as the plan lists them: the method's spans, sizes, hyperparameters and earlier results it reads.
        var args = chunking.Inputs.Select(Parameter).ToList();
        string fnName = Local($"pass{g.Number}Chunk");
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
            RuntimeNames.AggressiveOptimization,
            $"static void {fnName}({string.Join(", ", signature)})",
            "{",
        };
        _localFunctions.AddRange(header);
        foreach (string l in fn.Lines) _localFunctions.Add(l.Length == 0 ? l : "    " + l);
        _localFunctions.Add("}");

        // 2. The pass: fixed chunks of the outer dimension, partial results combined in chunk order.
        foreach (ReductionPlan global in g.Reductions)
            top.Add($"{T} {_globalVars[global.Node]} = {global.Rule.Identity(_t)};");
        string n = _sizeVars[g.Dim];
        string cols = chunking.ColumnDim is { } columnDim ? Size(columnDim) : "1";
        string len = Local("chunkLength"), chunks = Local("chunks");
        top.Add("// Fixed chunks (LossParallel.ChunkLength: about 16K elements), whatever the thread count, so that any number of threads gives the same bits.");
        top.Add($"int {len} = {RuntimeNames.LossParallel}.ChunkLength({cols});");
        top.Add($"int {chunks} = {n} == 0 ? 0 : ({n} - 1) / {len} + 1;");
        string Combine(ReductionPlan global, string partial) => global.Rule.Accumulate(_t, _globalVars[global.Node], partial);

        var sequential = new Block(top);
        {
            string c = Local("chunk"), at = Local("lo");
            var outs = partials.Select(_ => Local("partial")).ToList();
            sequential.Add($"for (int {c} = 0; {c} < {chunks}; {c}++)");
            sequential.Add("{");
            sequential.Add($"    int {at} = {c} * {len};");
            string call = string.Join(", ", args.Select(a => a.Name)
                .Append(at).Append($"{at} + Math.Min({len}, {n} - {at})")
                .Concat(outs.Select(o => $"out {T} {o}")));
            sequential.Add($"    {fnName}({call});");
            for (int k = 0; k < partials.Count; k++) sequential.Add("    " + Combine(g.Reductions[k], outs[k]));
            sequential.Add("}");
        }

        if (!chunking.Threaded)
        {
            top.Add("// One thread (too many spans to hand to helper threads): the chunks in order.");
            foreach (string l in sequential.Lines) top.Add(l);
            top.Add("");
            foreach (Node global in Globals(g)) _computed.Add(global);
            return;
        }

        string degree = Local("threads");
        top.Add($"int {degree} = {RuntimeNames.LossParallel}.Degree({chunks}, (long){n} * {cols} * {g.Cost});");
        top.Add($"if ({degree} > 1)");
        top.Add("{");
        {
            var par = new Block(top);
            string pa = Local("partials"), st = Local("state"), s = Local("s"), c = Local("chunk"), pins = Local("pins"), at = Local("lo");
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
            callArgs.Add($"{at} + Math.Min({s}.Item1, {s}.Item2 - {at})");
            for (int k = 0; k < partials.Count; k++)
                callArgs.Add($"out {pins}.Writable<{T}>({pinned.Count})[{c} * {partials.Count} + {k}]");
            var pinArgs = pinned.Select(a => $"MemoryMarshal.AsBytes({a.Name})").ToList();
            par.Add("// Several threads: each chunk writes its partial results to its own slots, combined below in chunk order.");
            if (partials.Count > 0)
            {
                par.Add($"{T}[] {pa} = ArrayPool<{T}>.Shared.Rent({chunks} * {partials.Count});");
                pinArgs.Add($"MemoryMarshal.AsBytes(new Span<{T}>({pa}))");
                par.Add("try");
                par.Add("{");
            }
            var run = new List<string>
            {
                $"var {st} = {stateValue};",
                $"{RuntimeNames.LossParallel}.Run(ref {st}, {chunks}, {degree}, static (ref {stateType} {s}, int {c}, in {RuntimeNames.LossPins} {pins}) =>",
                "{",
                $"    int {at} = {c} * {s}.Item1;",
                $"    {fnName}({string.Join(", ", callArgs)});",
                "}" + (pinArgs.Count > 0 ? ", " + string.Join(", ", pinArgs) : "") + ");",
            };
            string indent = partials.Count > 0 ? "    " : "";
            foreach (string l in run) par.Add(indent + l);
            if (partials.Count > 0)
            {
                string c2 = Local("chunk");
                par.Add($"    for (int {c2} = 0; {c2} < {chunks}; {c2}++)");
                par.Add("    {");
                for (int k = 0; k < partials.Count; k++)
                    par.Add("        " + Combine(g.Reductions[k], $"{pa}[{c2} * {partials.Count} + {k}]"));
                par.Add("    }");
                par.Add("}");
                par.Add("finally");
                par.Add("{");
                par.Add($"    ArrayPool<{T}>.Shared.Return({pa});");
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

    /// <summary>One parameter of a chunk function: its name and type in the method, and how helpers get it (null: by value).</summary>
    private sealed record ChunkParameter(string Name, string Type, string? Pin);

    private ChunkParameter Parameter(ChunkInput input)
    {
        string T = _t.Name;
        switch (input.Kind)
        {
            case ChunkInputKind.Input:
                int i = input.Index;
                return _loss.Decl.Inputs[i].Kind switch
                {
                    InputKind.Matrix => new ChunkParameter(_flatVars[i], $"ReadOnlySpan<{T}>", $"ReadOnly<{T}>"),
                    InputKind.Vector => new ChunkParameter(_paramIdents[i], $"ReadOnlySpan<{T}>", $"ReadOnly<{T}>"),
                    InputKind.Labels => new ChunkParameter(_paramIdents[i], "ReadOnlySpan<int>", "ReadOnly<int>"),
                    InputKind.Scalar => new ChunkParameter(_paramIdents[i], T, null),
                    _ => new ChunkParameter(_paramIdents[i], "int", null),
                };
            case ChunkInputKind.Output:
                Sink s = input.Output!;
                return new ChunkParameter(_outputFlat.TryGetValue(s, out string? flat) ? flat : s.Output, $"Span<{T}>", $"Writable<{T}>");
            case ChunkInputKind.Size:
                return new ChunkParameter(Size(input.Index), "int", null);
            default:
                Node global = input.Reduction!;
                return global.Shape.Rank == 0
                    ? new ChunkParameter(_globalVars[global], T, null)
                    : new ChunkParameter(_globalVars[global], $"Span<{T}>", $"Writable<{T}>");
        }
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
        // A row reduction can be emitted on demand while a lane loop is being built: this loop starts from the
        // enclosing context's indices and homes, not from its vector width, mask or shared exps.
        Env loopEnv = outer with { Vector = null, VectorBlock = null, SharedSoftplusSigmoid = null, Mask = null };
        EmitLaneLoopCore(parent, loopEnv, lane, work, indexKind, start, limit ?? _sizeVars[lane.Dim]);
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
                Env vectorEnv = outer with { Vector = v, LaneDim = laneDim, VectorBlock = vectorBlock, SharedSoftplusSigmoid = fused };
                var accumulators = new Dictionary<LaneWork, string[]>();
                foreach (LaneWork w in work.Where(w => w.Kind == LaneTarget.Scalar))
                {
                    string init = ReductionRule.For(w.Reduce).VectorIdentity(_t, v);
                    string[] names = Enumerable.Range(0, unroll).Select(k => Local("acc" + k.ToString(CultureInfo.InvariantCulture))).ToArray();
                    accumulators[w] = names;
                    vectorBlock.Add($"{v.Type} {string.Join(", ", names.Select(n => $"{n} = {init}"))};");
                }
                // Loop-invariant values are hoisted into vectorBlock while the bodies are built, so they precede both loops.
                var single = unroll == 4 ? new Block(vectorBlock) : null;
                EmitLaneBody(loop, vectorEnv, laneDim, work, v, i, unroll, accumulators);
                if (single is not null) EmitLaneBody(single, vectorEnv, laneDim, work, v, i, 1, accumulators);
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
                if (lane.MaskedRemainder)
                    EmitPartialVector(vectorBlock, vectorEnv, laneDim, work, v, i, limit, accumulators);
                foreach (KeyValuePair<LaneWork, string[]> pair in accumulators)
                {
                    vectorBlock.Add(ReductionRule.For(pair.Key.Reduce).AccumulateAcross(_t, v, pair.Key.Target, pair.Value));
                }
                // Appended only now, so that values hoisted into the parent while building the body precede it.
                parent.Add($"{(first ? "if" : "else if")} ({v.Api}.IsHardwareAccelerated)");
                parent.Add("{");
                first = false;
                parent.AddBlock(vectorBlock);
                parent.Add("}");
            }
        }

        var tail = new Block(parent);
        // The scalar tail of a vectorized loop shares softplus and sigmoid's exp as its vector body does.
        var tailEnv = (outer with { SharedSoftplusSigmoid = fused }).With(laneDim, new Index(i, tail));
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
                        string current = $"{v.Api}.LoadUnsafe(ref MemoryMarshal.GetReference({w.Target}), {Unsigned(at)})";
                        string combined = ReductionRule.For(w.Reduce).CombineVectors(v, current, value);
                        loop.Add($"{v.Api}.StoreUnsafe({combined}, ref MemoryMarshal.GetReference({w.Target}), {Unsigned(at)});");
                        break;
                    }
                    default:
                        string offset = w.Offset is null ? at : $"{w.Offset} + {at}";
                        stores.Add($"{v.Api}.StoreUnsafe({value}, ref MemoryMarshal.GetReference({w.Target}), {Unsigned(offset)});");
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
        var maskKey = new CacheKey(CacheRole.Mask, null, null, null, laneDim, v.Bits);
        if (!outer.ScalarHome.Cache.TryGetValue(maskKey, out string? mask))
        {
            mask = Local("mask");
            outer.ScalarHome.Add($"{v.Type} {mask} = {v.Api}.LessThan({v.Type}.Indices, {v.Api}.Create(({_t.Name})({limit} % {v.Count})));");
            outer.ScalarHome.Cache[maskKey] = mask;
        }
        Env env = (outer with { Mask = mask }).With(laneDim, new Index(i, partial));
        foreach (LaneWork w in work)
        {
            string value = Eval(w.Value, partial, env);
            switch (w.Kind)
            {
                case LaneTarget.Scalar:
                {
                    // Masked-off lanes contribute the rule's identity.
                    ReductionRule rule = ReductionRule.For(w.Reduce);
                    string identity = rule.Op == Op.Sum ? $"{v.Type}.Zero" : Splat(SplatKey.Identity(rule), rule.Identity(_t), ElemKind.Real, env);
                    partial.Add(rule.AccumulateVector(v, accumulators[w][0], $"{v.Api}.ConditionalSelect({mask}, {value}, {identity})"));
                    break;
                }
                case LaneTarget.Buffer:
                {
                    string combined = ReductionRule.For(w.Reduce).CombineVectors(v, Load(w.Target, i, env), value);
                    partial.Add($"{RuntimeNames.LossMath}.StoreMasked({combined}, {w.Target}, {i}, {mask});");
                    break;
                }
                default:
                    partial.Add($"{RuntimeNames.LossMath}.StoreMasked({value}, {w.Target}, {(w.Offset is null ? i : $"{w.Offset} + {i}")}, {mask});");
                    break;
            }
        }
        partial.Add($"{i} = {limit};");
        vectorBlock.Add($"if ({i} < {limit})");
        vectorBlock.Add("{");
        vectorBlock.Add("    // The last columns, fewer than a vector: one vector with the lanes past the row's end masked off.");
        vectorBlock.AddBlock(partial);
        vectorBlock.Add("}");
    }

    /// <summary>Why a loop fell back to scalar code, with the formula span responsible (for LG0005).</summary>
    public List<(string Reason, Formula.Span Origin)> ScalarFallbacks { get; } = new();

    private void DeclareGlobal(Block top, ReductionPlan reduction)
    {
        Node global = reduction.Node;
        string v = Local(global.Op switch
        {
            Op.ScatterSum => "scatterSum",
            Op.Max => global.Shape.Rank == 0 ? "max" : "columnMax",
            Op.Min => global.Shape.Rank == 0 ? "min" : "columnMin",
            _ => global.Shape.Rank == 0 ? "total" : "columnSum",
        });
        _globalVars[global] = v;
        string init = reduction.Rule.Identity(_t);
        if (!reduction.RentsBuffer)
        {
            top.Add($"{_t.Name} {v} = {init};");
            return;
        }
        string size = Size(global.Shape.D0);
        string rent = RentedArray(global);
        top.Add($"Span<{_t.Name}> {v} = {size} <= 256 ? stackalloc {_t.Name}[256] : ({rent} = ArrayPool<{_t.Name}>.Shared.Rent({size}));");
        top.Add($"{v} = {v}.Slice(0, {size});");
        top.Add($"{v}.Fill({init});");
    }

    /// <summary>The array rented for a per-element reduction's buffer when it does not fit on the stack.</summary>
    private string RentedArray(Node global) => _globalVars[global] + "Array";

    private string Accumulate(Op op, string target, string value) => ReductionRule.For(op).Accumulate(_t, target, value);

    private void EmitRowReductions(Block row, Env env, IReadOnlyList<Node> reductions, LanePlan loop)
    {
        var work = new List<LaneWork>();
        foreach (Node r in reductions)
        {
            string acc = Local(r.Op switch { Op.Max => "rowMax", Op.Min => "rowMin", _ => "rowSum" });
            row.Add($"{_t.Name} {acc} = {ReductionRule.For(r.Op).Identity(_t)};");
            work.Add(new LaneWork(r.Args[0], r.Op, acc, LaneTarget.Scalar, null));
        }
        row.Add($"// The row {string.Join(" and ", reductions.Select(r => RuleName(r.Op)))} in {string.Join("; ", reductions.Select(Quote).Distinct())}");
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
        if (env.Vector is not null && !IsLane(n, env))
        {
            // Computed once outside the lane loop, then splatted into the vector block.
            string scalar = Eval(n, at, env.AsScalar());
            return Splat(SplatKey.Value(n, _t), scalar, n.Kind, env);
        }
        switch (n.Op)
        {
            case Op.Const:
                if (env.Vector is not null) return Splat(SplatKey.Value(n, _t), _t.Literal(n.Value), n.Kind, env);
                return n.Kind switch
                {
                    ElemKind.Bool => n.Value != 0 ? "true" : "false",
                    ElemKind.Int => ((long)n.Value).ToString(CultureInfo.InvariantCulture),
                    _ => _t.Literal(n.Value),
                };
            case Op.Input when env.Vector is not null:
            {
                // One load per vector and input, however often the formula reads it.
                Block loadHome = Home(n, at, env);
                CacheKey loadKey = Key(n, env);
                if (loadHome.Cache.TryGetValue(loadKey, out string? loaded)) return loaded;
                string loadLocal = Local(_loss.Decl.Inputs[n.Index].Name);
                loadHome.Add($"{env.Vector.Type} {loadLocal} = {InputAccess(n, env)};");
                return loadHome.Cache[loadKey] = loadLocal;
            }
            case Op.Input:
                return InputAccess(n, env);
            case Op.Size:
                return $"(({_t.Name}){Size(n.Index)})";
            case Op.ColumnIndex:
            {
                string j = env.Get(_dims.Find(n.Shape.D1)).Code;
                return env.Vector is not { } cv ? j : $"({cv.Api}.Create(({_t.Name})({j})) + {cv.Type}.Indices)";
            }
        }
        if (KernelPlanner.IsGlobal(n))
        {
            if (!_computed.Contains(n))
                throw new InvalidOperationException("A reduction was used before the pass that computes it.");
            if (n.Shape.Rank == 0) return _globalVars[n];
            string at0 = env.Get(_dims.Find(n.Shape.D0)).Code;
            return env.Vector is null ? $"{_globalVars[n]}[{at0}]" : Load(_globalVars[n], at0, env);
        }

        Block home = Home(n, at, env);
        CacheKey key = Key(n, env);
        if (home.Cache.TryGetValue(key, out string? cached)) return cached;

        if (KernelPlanner.IsRowReduction(n))
        {
            // Not planned (e.g. reached through a gather): compute it on demand in its own loop.
            EmitRowReductions(home, env, [n], _planner.PlanRowReductionLoop([n], _dims.Find(n.Args[0].Shape.D1)));
            return home.Cache[key];
        }

        string type = env.Vector is not null ? env.Vector.Type : n.Kind switch { ElemKind.Bool => "bool", ElemKind.Int => "int", _ => _t.Name };
        if (n.Op is Op.Softplus or Op.Sigmoid && env.SharedSoftplusSigmoid is { } shares && shares.Contains(n.Args[0]))
        {
            CacheKey partnerKey = Key(n.Args[0], env) with { Role = n.Op == Op.Softplus ? CacheRole.Softplus : CacheRole.Sigmoid };
            if (home.Cache.TryGetValue(partnerKey, out string? shared)) return home.Cache[key] = shared;
            // softplus(x) and sigmoid(x) share one exp(-|x|).
            string x = EvalReal(n.Args[0], home, env);
            string softplus = Local("softplus"), sigmoid = Local("sigmoid");
            home.Add($"{type} {softplus} = {RuntimeNames.LossMath}.SoftplusAndSigmoid({x}, out {type} {sigmoid});");
            home.Cache[Key(n.Args[0], env) with { Role = CacheRole.Softplus }] = softplus;
            home.Cache[Key(n.Args[0], env) with { Role = CacheRole.Sigmoid }] = sigmoid;
            home.Cache[key] = n.Op == Op.Softplus ? softplus : sigmoid;
            return home.Cache[key];
        }

        string expr = env.Vector is not null ? VectorExpression(n, home, env, env.Vector) : Expression(n, home, env);
        string local = Local(LocalName(n));
        home.Add($"{type} {local} = {expr};");
        home.Cache[key] = local;
        return local;
    }

    private bool IsLane(Node n, Env env) => _planner.IsLaneOf(n, env.LaneDim);

    /// <summary>
    /// A vector with every lane equal to <paramref name="scalar"/>, computed outside the lane loop; once per vector
    /// block for each <paramref name="key"/> (the node, constant or product it holds).
    /// </summary>
    private string Splat(SplatKey key, string scalar, ElemKind kind, Env env)
    {
        VectorSyntax v = env.Vector!;
        Block vectorBlock = env.VectorBlock!;
        if (vectorBlock.Splats.TryGetValue(key, out string? existing)) return existing;
        string value = kind switch
        {
            ElemKind.Bool => $"{scalar} ? {v.Type}.AllBitsSet : {v.Type}.Zero",
            ElemKind.Int => $"{v.Api}.Create(({_t.Name})({scalar}))",
            _ => $"{v.Api}.Create({scalar})",
        };
        string local = Local("splat");
        vectorBlock.Add($"{v.Type} {local} = {value};");
        vectorBlock.Splats[key] = local;
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

    private string Load(string span, string index, Env env) => env.Mask is not null
        ? $"{RuntimeNames.LossMath}.LoadMasked({span}, {index}, {env.Mask})"
        : $"{env.Vector!.Api}.LoadUnsafe(ref MemoryMarshal.GetReference({span}), {Unsigned(index)})";

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
                return SumText(n, a => Eval(a, at, env), c => Splat(SplatKey.Constant(c, _t), _t.Literal(c), ElemKind.Real, env));
            case Op.Mul:
            {
                // Loop-invariant factors are multiplied once, as scalars, and splatted together.
                var invariant = n.Args.Where(a => !IsLane(a, env)).ToList();
                var factors = n.Args.Where(a => IsLane(a, env)).Select(a => Eval(a, at, env)).ToList();
                if (invariant.Count == 1 && invariant[0].IsConst(-1))
                    return "-(" + string.Join(" * ", factors) + ")";
                if (invariant.Count > 0)
                {
                    string scalar = string.Join(" * ", invariant.Select(a => EvalReal(a, at, env.AsScalar())));
                    factors.Insert(0, Splat(SplatKey.Product(invariant, _t), invariant.Count == 1 ? scalar : "(" + scalar + ")", ElemKind.Real, env));
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
                        -1 => $"{Splat(SplatKey.Constant(1, _t), _t.Literal(1), ElemKind.Real, env)} / {x}",
                        -2 => $"{Splat(SplatKey.Constant(1, _t), _t.Literal(1), ElemKind.Real, env)} / ({x} * {x})",
                        _ => $"{v.Api}.Sqrt({x})",
                    };
                }
                string exponent = EvalReal(k, at, env.AsScalar());
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
    private HashSet<Node> _formulaNodes = [];

    /// <summary>
    /// A value as the user wrote it: the formula text it was bound from (the call site, for a composed loss); for a
    /// value built by differentiation or with an empty span, its lowered form.
    /// </summary>
    private string Quote(Node n)
    {
        string formula = _loss.Decl.Formula;
        Formula.Span span = n.Origin;
        bool useful = _formulaNodes.Contains(n) && span.Length > 0 && span.Start >= 0 && span.End <= formula.Length;
        return useful ? formula.Substring(span.Start, span.Length).Replace("\r", " ").Replace("\n", " ") : _printer.Print(n);
    }

    private static string RuleName(Op op) => op switch { Op.Max => "max", Op.Min => "min", _ => "sum" };

    private IReadOnlyDictionary<int, Node> _ignoredLabels = new Dictionary<int, Node>();

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
                return env.Vector is null ? $"{ident}[{at}]" : Load(ident, at, env);
            }
            default:
            {
                Index row = env.Get(_dims.Find(n.Shape.D0));
                Index col = env.Get(_dims.Find(n.Shape.D1));
                string at = $"{Offset(row, n.Shape.D1)} + {col.Code}";
                return env.Vector is null ? $"{_flatVars[n.Index]}[{at}]" : Load(_flatVars[n.Index], at, env);
            }
        }
    }

    /// <summary>row * cols, computed once per row in the block that defines the row index.</summary>
    private string Offset(Index row, int colDim)
    {
        var key = new CacheKey(CacheRole.Offset, null, row, null, _dims.Find(colDim), 0);
        if (row.Home.Cache.TryGetValue(key, out string? v)) return v;
        v = Local("rowStart");
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
        // Scalars go to the method body (inside the try block when buffers are rented) or the chunk function's.
        return home ?? env.ScalarHome;
    }

    /// <summary>A node's value at the loop indices it depends on.</summary>
    private CacheKey Key(Node n, Env env) => n.Shape.Rank switch
    {
        0 => new CacheKey(CacheRole.Value, n, null, null, 0, 0),
        1 => new CacheKey(CacheRole.Value, n, env.Get(_dims.Find(n.Shape.D0)), null, 0, 0),
        _ => new CacheKey(CacheRole.Value, n, env.Get(_dims.Find(n.Shape.D0)), env.Get(_dims.Find(n.Shape.D1)), 0, 0),
    };

    /// <summary>
    /// A fresh local named after what it holds: _name, then _name2, _name3, ... (_acc0_2 after a digit). Every name
    /// starts with the prefix that no parameter starts with.
    /// </summary>
    private string Local(string what)
    {
        string name = _p + what;
        string separator = char.IsDigit(what[what.Length - 1]) ? "_" : "";
        for (int k = 2; !_locals.Add(name); k++) name = _p + what + separator + k.ToString(CultureInfo.InvariantCulture);
        return name;
    }

    private readonly HashSet<string> _locals = new();

    /// <summary>What a node's local is called: its function (exp, softplus, ...), or sum, diff, prod, quot, sq, cond, select, picked.</summary>
    private static string LocalName(Node n) => n.Op switch
    {
        Op.Add => n.Args.Skip(1).Any(a => a.Op == Op.Mul && a.Args[0].Op == Op.Const && a.Args[0].Value < 0 || a.Op == Op.Const && a.Value < 0) ? "diff" : "sum",
        Op.Mul => n.Args[0].IsConst(-1) ? "neg" : "prod",
        Op.Div => "quot",
        Op.Pow => n.Args[1].IsConst(2) ? "sq" : "pow",
        Op.Less or Op.LessEqual or Op.Greater or Op.GreaterEqual or Op.Equal or Op.NotEqual => "cond",
        Op.Where => "select",
        Op.Gather or Op.Pick => "picked",
        Op.LogSigmoid => "logSigmoid",
        Op.Max2 => "max",
        Op.Min2 => "min",
        _ => n.Op.ToString().Substring(0, 1).ToLowerInvariant() + n.Op.ToString().Substring(1),
    };

    private string Describe(int dim)
    {
        DimSource s = _loss.DimSources.First(x => _dims.Find(x.Dim) == dim);
        return "each of the " + SourceDescription(s) + " elements";
    }

    // ---------------------------------------------------------------- blocks

    private sealed record Index(string Code, Block Home);

    /// <summary>
    /// Where an expression is printed: the index bound to each loop dimension (and the block that defines it), the
    /// block that receives loop-invariant scalars, and inside a vector loop its width, lane dimension, the block
    /// that receives splats, the arguments whose softplus and sigmoid share one exp, and the mask of a partial vector.
    /// </summary>
    private sealed record Env(
        Block ScalarHome,
        ImmutableDictionary<int, Index> Indices,
        VectorSyntax? Vector = null,
        int LaneDim = -1,
        Block? VectorBlock = null,
        ImmutableHashSet<Node>? SharedSoftplusSigmoid = null,
        string? Mask = null)
    {
        public Env(Block scalarHome) : this(scalarHome, ImmutableDictionary<int, Index>.Empty) { }

        public Env With(int dim, Index index) => this with { Indices = Indices.SetItem(dim, index) };

        /// <summary>The same place, printing scalar code (a loop-invariant value inside a vector loop).</summary>
        public Env AsScalar() => this with { Vector = null };

        public Index Get(int dim) => Indices.TryGetValue(dim, out Index? i)
            ? i
            : throw new InvalidOperationException("A value is used outside the loop over its dimension.");
    }

    private enum CacheRole
    {
        /// <summary>A node's value.</summary>
        Value,

        /// <summary>softplus of the node, computed with its sigmoid.</summary>
        Softplus,

        /// <summary>sigmoid of the node, computed with its softplus.</summary>
        Sigmoid,

        /// <summary>A row's start in a flattened matrix: the row index times the column count of dimension <see cref="CacheKey.Dim"/>.</summary>
        Offset,

        /// <summary>The mask of the last, partial vector of a loop over dimension <see cref="CacheKey.Dim"/> at width <see cref="CacheKey.Bits"/>.</summary>
        Mask,
    }

    /// <summary>What a block's local holds: a node's value (or a derived value) at the given loop indices.</summary>
    private readonly record struct CacheKey(CacheRole Role, Node? Node, Index? Row, Index? Column, int Dim, int Bits);

    /// <summary>
    /// What a vector block's splat holds. Keys that print the same scalar are equal: a constant is known by its
    /// value as the element type rounds it (a constant node and a literal of the same value share one splat), any
    /// other node by itself, a product of loop-invariant factors by its factors, a masked lane's filler by its rule.
    /// </summary>
    private sealed class SplatKey : IEquatable<SplatKey>
    {
        private readonly ElemKind _kind;
        private readonly long _bits;
        private readonly bool _cast;
        private readonly Node[] _nodes;

        private SplatKey(ElemKind kind, long bits, bool cast, Node[] nodes)
        {
            _kind = kind;
            _bits = bits;
            _cast = cast;
            _nodes = nodes;
        }

        public static SplatKey Constant(double value, ScalarSyntax t) => Of(ElemKind.Real, value, t);

        /// <summary>The node's value as printed for its own kind.</summary>
        public static SplatKey Value(Node n, ScalarSyntax t) => n.Op == Op.Const ? Of(n.Kind, n.Value, t) : new(n.Kind, 0, false, [n]);

        /// <summary>The product of loop-invariant factors, each converted to the element type.</summary>
        public static SplatKey Product(IReadOnlyList<Node> factors, ScalarSyntax t)
        {
            if (factors.Count == 1 && factors[0].Kind == ElemKind.Real) return Value(factors[0], t);
            return new(ElemKind.Real, factors.Count, true, factors.ToArray());
        }

        /// <summary>The identity of a max or min, which masked-off lanes contribute.</summary>
        public static SplatKey Identity(ReductionRule rule) => new(ElemKind.Real, (long)rule.Op, true, []);

        private static SplatKey Of(ElemKind kind, double value, ScalarSyntax t)
        {
            long bits = kind switch
            {
                ElemKind.Bool => value != 0 ? 1 : 0,
                ElemKind.Int => (long)value,
                _ => BitConverter.DoubleToInt64Bits(double.IsNaN(value) ? double.NaN : t.IsSingle ? (float)value : value),
            };
            return new SplatKey(kind, bits, false, []);
        }

        public bool Equals(SplatKey? other) => other is not null && _kind == other._kind && _bits == other._bits
            && _cast == other._cast && _nodes.SequenceEqual(other._nodes);

        public override bool Equals(object? obj) => Equals(obj as SplatKey);

        public override int GetHashCode()
        {
            int hash = ((int)_kind * 31 + _bits.GetHashCode()) * 31 + (_cast ? 1 : 0);
            foreach (Node n in _nodes) hash = hash * 31 + n.Id;
            return hash;
        }
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
        public Dictionary<CacheKey, string> Cache { get; } = new();
        public Dictionary<SplatKey, string> Splats { get; } = new();

        public void Add(string line) => Lines.Add(line);

        public void Insert(int index, string line) => Lines.Insert(index, line);

        public void AddBlock(Block child)
        {
            foreach (string l in child.Lines) Lines.Add(l.Length == 0 ? l : "    " + l);
        }
    }
}
