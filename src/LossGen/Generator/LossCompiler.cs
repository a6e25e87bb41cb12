using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using LossGen.Emit;
using LossGen.Formula;
using LossGen.Ir;

namespace LossGen.Generator;

/// <summary>
/// The compile step of the pipeline: formula → IR → gradients → lowering → C#. Never throws: every failure becomes
/// a located diagnostic and, for a valid declaration, a method body that throws that error, so a bad formula can
/// neither crash the compiler nor emit broken code.
/// </summary>
internal static class LossCompiler
{
    public static LossOutput Compile(LossMethodModel model, CancellationToken cancellationToken)
    {
        if (model.Diagnostics.Count > 0)
            return new LossOutput(model.HintName, null, model.Diagnostics);
        try
        {
            LossDecl decl = ToDecl(model.MethodName, model.Formula, model.Parameters);
            var siblings = new Dictionary<string, LossDecl>(StringComparer.Ordinal);
            foreach (IGrouping<string, SiblingModel> group in model.Siblings.GroupBy(s => s.Name))
            {
                // Overloaded siblings are ambiguous by name; the binder then reports an unknown function.
                if (group.Count() == 1)
                    siblings[group.Key] = ToDecl(group.Key, group.First().Formula, group.First().Parameters);
            }
            // The method itself is visible by name, so that a self-call is reported as recursion.
            siblings[decl.Name] = decl;
            BoundLoss bound = Binder.Bind(decl, siblings);
            cancellationToken.ThrowIfCancellationRequested();
            CompiledLoss compiled = CompiledLoss.Create(bound);
            cancellationToken.ThrowIfCancellationRequested();
            var fallbacks = new List<(string Reason, Span Origin)>();
            string source = SourceEmitter.Emit(model, compiled, fallbacks);
            // One LG0005 per distinct reason and place: the code is correct, only slower than it could be.
            var infos = fallbacks.Distinct().Select(f => new DiagnosticInfo(DiagnosticIds.ScalarFallback,
                $"Part of '{model.MethodName}' runs as scalar code because {f.Reason}; the result is exact, only not vectorized",
                model.FormulaLocation?.Locate(f.Origin.Start, f.Origin.Length) ?? model.AttributeLocation));
            return new LossOutput(model.HintName, source, infos.ToEquatableArray());
        }
        catch (FormulaException e)
        {
            return Failed(model, e.Diagnostic);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or InsufficientExecutionStackException or KeyNotFoundException or IndexOutOfRangeException or NullReferenceException)
        {
            return Failed(model, new FormulaDiagnostic(DiagnosticIds.Shape,
                $"LossGen cannot generate code for this formula ({e.Message}); please report it with the formula", new Span(0, model.Formula.Length)));
        }
    }

    public static LossDecl ToDecl(string name, string formula, EquatableArray<ParameterModel> parameters)
        => new(name, formula, parameters.Select(p => new InputDecl(p.Name, p.Kind, p.Role, p.DefaultValue)).ToList());

    private static LossOutput Failed(LossMethodModel model, FormulaDiagnostic d)
    {
        LocationInfo? location = model.FormulaLocation?.Locate(d.Span.Start, d.Span.Length) ?? model.AttributeLocation;
        // The declaration is valid, so a throwing body can implement it: the LG error then stands alone (no CS8795).
        return new LossOutput(model.HintName, SourceEmitter.EmitFailure(model, d.Id, d.Message),
            new[] { new DiagnosticInfo(d.Id, d.Message, location) }.ToEquatableArray());
    }
}

/// <summary>A bound loss with everything the emitter needs: the forward root, gradients and per-sample form.</summary>
internal sealed class CompiledLoss
{
    private CompiledLoss(BoundLoss bound, Node loweredRoot, int[] differentiable, Node[] gradients, Node[] loweredGradients,
        Node? perSample, Node? loweredPerSample, DimUnifier? perSampleDims)
    {
        Bound = bound;
        LoweredRoot = loweredRoot;
        Differentiable = differentiable;
        Gradients = gradients;
        LoweredGradients = loweredGradients;
        PerSample = perSample;
        LoweredPerSample = loweredPerSample;
        PerSampleDims = perSampleDims;
    }

    public BoundLoss Bound { get; }
    public Node LoweredRoot { get; }

    /// <summary>Indices of the inputs that get gradients, in declaration order.</summary>
    public int[] Differentiable { get; }

    /// <summary>d loss / d input, before lowering (for documentation).</summary>
    public Node[] Gradients { get; }

    public Node[] LoweredGradients { get; }
    public Node? PerSample { get; }
    public Node? LoweredPerSample { get; }
    public DimUnifier? PerSampleDims { get; }

    public static CompiledLoss Create(BoundLoss bound)
    {
        Graph g = bound.Graph;
        int[] differentiable = Enumerable.Range(0, bound.Inputs.Length).Where(i => bound.Decl.Inputs[i].IsDifferentiable).ToArray();
        Node[] gradients = Differentiator.Gradients(g, bound.Root, differentiable.Select(i => bound.Inputs[i]).ToList());
        var lowering = new Lowering(g);
        Node loweredRoot = lowering.Lower(bound.Root);
        Node[] loweredGradients = gradients.Select(lowering.Lower).ToArray();

        Node? perSample = null, loweredPerSample = null;
        DimUnifier? perSampleDims = null;
        DimUnifier mainDims = g.Dims;
        try
        {
            // Per-row terms may come from inputs whose lengths the loss itself never ties together (the heads of a
            // multi-task loss); the per-sample form ties them on a copy of the size classes only.
            g.Dims = mainDims.Clone();
            perSample = PerSampleForm(g, bound.Root);
            if (perSample is not null)
            {
                loweredPerSample = new Lowering(g).Lower(perSample);
                perSampleDims = g.Dims;
            }
        }
        finally
        {
            g.Dims = mainDims;
        }
        return new CompiledLoss(bound, loweredRoot, differentiable, gradients, loweredGradients, perSample, loweredPerSample, perSampleDims);
    }

    /// <summary>
    /// For a loss of the form Σ c_k · mean_or_sum(e_k) with rank-1 per-row e_k and constant c_k, returns Σ c_k e_k:
    /// the per-row losses (PyTorch's reduction='none'). Returns null for any other shape of formula.
    /// </summary>
    private static Node? PerSampleForm(Graph g, Node root)
    {
        var terms = root.Op == Op.Add ? root.Args : new[] { root };
        var rows = new List<Node>();
        foreach (Node term in terms)
        {
            Node[] factors = term.Op == Op.Mul ? term.Args : new[] { term };
            Node? reduction = null;
            var coefficient = new List<Node>();
            foreach (Node f in factors)
            {
                if (reduction is null && f.Op is Op.Mean or Op.Sum && f.Axis == Axis.All && f.Args[0].Shape.Rank == 1)
                    reduction = f;
                else if (f.Shape.Rank == 0 && IsConstantPerBatch(f))
                    coefficient.Add(f);
                else
                    return null;
            }
            if (reduction is null) return null;
            coefficient.Add(reduction.Args[0]);
            rows.Add(g.Mul(coefficient));
        }
        Node result = g.Add(rows);
        return result.Shape.Rank == 1 ? result : null;
    }

    private static bool IsConstantPerBatch(Node n)
        => Differentiator.TopologicalOrder(n).All(x => x.Op is not (Op.Sum or Op.Mean or Op.Max or Op.Min or Op.LogSumExp or Op.Norm or Op.ScatterSum) && x.Shape.Rank == 0);
}
