using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using LossGen.Declarations;
using LossGen.Emit;
using LossGen.Formula;
using LossGen.Ir;

namespace LossGen.Generator;

/// <summary>
/// The compile step of the pipeline: formula → IR → gradients → lowering → C#. Never throws: a bad formula becomes
/// its LG0001–LG0003 diagnostic, any other exception (a LossGen bug) becomes LG0006, and either way a valid
/// declaration gets a method body that throws that error, so nothing can crash the compiler or emit broken code.
/// </summary>
internal static class LossCompiler
{
    public static LossOutput Compile(LossMethodModel model, CancellationToken cancellationToken)
    {
        if (model.HasDeclarationErrors)
            return new LossOutput(model.HintName, null, EquatableArray<FormulaDiagnostic>.Empty);
        try
        {
            InternalFaultInjection.ThrowIfRequested(model.MethodName);
            LossDecl decl = CallGraph.Link(ToDecl(model.MethodName, model.Formula, model.Parameters), model.Key, model.Calls,
                model.Callees.Select(c => c.ToDeclaration()));
            BoundLoss bound = Binder.Bind(decl);
            cancellationToken.ThrowIfCancellationRequested();
            CompiledLoss compiled = CompiledLoss.Create(bound);
            cancellationToken.ThrowIfCancellationRequested();
            var fallbacks = new List<(string Reason, Span Origin)>();
            string source = SourceEmitter.Emit(model, compiled, fallbacks);
            // One LG0005 per distinct reason and place: the code is correct, only slower than it could be.
            var infos = fallbacks.Distinct().Select(f => new FormulaDiagnostic(DiagnosticIds.ScalarFallback,
                $"Part of '{model.MethodName}' runs as scalar code because {f.Reason}; the result is exact, only not vectorized", f.Origin));
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
        catch (Exception e)
        {
            // Anything else is LossGen's fault, not the formula's: say so (LG0006), never blame the user with LG0003
            // and never let the exception escape, which would fail the whole generator.
            return Failed(model, InternalError(model.Formula, e, new Span(0, model.Formula.Length)));
        }
    }

    /// <summary>The LG0006 report of an exception that is not a <see cref="FormulaException"/>: a LossGen bug.</summary>
    public static FormulaDiagnostic InternalError(string formula, Exception e, Span span) => new(DiagnosticIds.InternalError,
        $"Internal error in LossGen: this is a LossGen bug, please report it with the formula \"{formula}\" " +
        $"and this error: {e.GetType().FullName}: {e.Message}", span);

    public static LossDecl ToDecl(string name, string formula, EquatableArray<ParameterModel> parameters)
        => new(name, formula, parameters.Select(p => new InputDecl(p.Name, p.Kind, p.Role, p.DefaultValue)).ToList());

    // The declaration is valid, so a throwing body can implement it: the LG error then stands alone (no CS8795).
    private static LossOutput Failed(LossMethodModel model, FormulaDiagnostic d)
        => new(model.HintName, SourceEmitter.EmitFailure(model, d.Id, d.Message), new[] { d }.ToEquatableArray());

    /// <summary>
    /// The diagnostics step: the declaration errors of a site plus its compile output's formula-relative diagnostics,
    /// mapped to source locations. Runs after every edit that moves a method; the compile step does not.
    /// </summary>
    public static EquatableArray<DiagnosticInfo> Locate(LossSite site, ImmutableArray<LossOutput> outputs)
    {
        var located = new List<DiagnosticInfo>(site.DeclarationDiagnostics);
        foreach (LossOutput output in outputs)
        {
            if (output.HintName != site.HintName) continue;
            foreach (FormulaDiagnostic d in output.Diagnostics)
                located.Add(new DiagnosticInfo(d.Id, d.Message, site.Locate(d.Span)));
            break;
        }
        return located.ToEquatableArray();
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

    /// <summary>∂²L/∂x_k² per differentiable input (before lowering, for documentation); null when not derivable exactly.</summary>
    public Node[]? Hessians { get; private set; }

    public Node[]? LoweredHessians { get; private set; }

    /// <summary>Why NameWithHessian is not generated, when <see cref="Hessians"/> is null.</summary>
    public string? HessianUnsupportedReason { get; private set; }

    /// <summary>∂ℓᵢ/∂xᵢ per differentiable input, lowered, in the per-sample size classes; null when not generated.</summary>
    public Node[]? PerSampleGradients { get; private set; }

    /// <summary>∂²ℓᵢ/∂xᵢ² per differentiable input, lowered, in the per-sample size classes; null when not generated.</summary>
    public Node[]? PerSampleHessians { get; private set; }

    /// <summary>Why NamePerSampleDerivatives is not generated although NamePerSample is.</summary>
    public string? PerSampleDerivativesUnsupportedReason { get; private set; }

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
        var compiled = new CompiledLoss(bound, loweredRoot, differentiable, gradients, loweredGradients, perSample, loweredPerSample, perSampleDims);
        compiled.DeriveHessians(lowering);
        compiled.DerivePerSampleDerivatives();
        return compiled;
    }

    /// <summary>
    /// The Hessian diagonal of every differentiable input (docs/architecture.md, "Second derivatives"). A formula
    /// outside the exact method gets no NameWithHessian, and the size classes are left exactly as they were.
    /// </summary>
    private void DeriveHessians(Lowering lowering)
    {
        Graph g = Bound.Graph;
        DimUnifier mainDims = g.Dims;
        try
        {
            // Derived on a copy of the size classes, which must come out unchanged.
            g.Dims = mainDims.Clone();
            var hessians = new Node[Differentiable.Length];
            var lowered = new Node[Differentiable.Length];
            for (int k = 0; k < Differentiable.Length; k++)
            {
                hessians[k] = HessianDiagonal.Of(g, Gradients[k], Bound.Inputs[Differentiable[k]]);
                lowered[k] = lowering.Lower(hessians[k]);
            }
            if (!SamePartition(mainDims, g.Dims))
                throw new HessianUnsupportedException("its derivation would tie sizes that the loss itself keeps apart");
            Hessians = hessians;
            LoweredHessians = lowered;
        }
        catch (Exception e) when (IsDerivationFailure(e))
        {
            HessianUnsupportedReason = Reason(e);
        }
        finally
        {
            g.Dims = mainDims;
        }
    }

    /// <summary>
    /// ℓᵢ's derivatives with respect to its own row, for losses with a per-sample form. They exist only when every
    /// ℓᵢ depends on each differentiable input through row i alone: a batch-wide reduction of a differentiable input
    /// (a mean inside a term) makes ∂ℓᵢ/∂xⱼ nonzero for j ≠ i, and the member is then not generated.
    /// </summary>
    private void DerivePerSampleDerivatives()
    {
        if (PerSample is null || PerSampleDims is null) return;
        Graph g = Bound.Graph;
        DimUnifier mainDims = g.Dims;
        try
        {
            g.Dims = PerSampleDims.Clone();
            var lowering = new Lowering(g);
            var gradients = new Node[Differentiable.Length];
            var hessians = new Node[Differentiable.Length];
            Node total = g.Reduce(Op.Sum, PerSample, Axis.All);
            for (int k = 0; k < Differentiable.Length; k++)
            {
                Node x = Bound.Inputs[Differentiable[k]];
                if (!HessianDiagonal.IsRowLocal(g, PerSample, x, PerSample.Shape.D0))
                    throw new HessianUnsupportedException(
                        $"a per-sample loss depends on other rows of '{Bound.Decl.Inputs[Differentiable[k]].Name}' (a reduction over the batch), or that input does not have one row per sample");
                Node gradient = Differentiator.Gradients(g, total, [x])[0];
                gradients[k] = lowering.Lower(gradient);
                hessians[k] = lowering.Lower(HessianDiagonal.Of(g, gradient, x));
            }
            if (!SamePartition(PerSampleDims, g.Dims))
                throw new HessianUnsupportedException("its derivation would tie sizes that the per-sample loss keeps apart");
            PerSampleGradients = gradients;
            PerSampleHessians = hessians;
        }
        catch (Exception e) when (IsDerivationFailure(e))
        {
            PerSampleDerivativesUnsupportedReason = Reason(e);
        }
        finally
        {
            g.Dims = mainDims;
        }
    }

    /// <summary>
    /// A second-derivative member that cannot be derived must not take the loss's other members with it: the loss
    /// compiled before second derivatives existed, so any failure here only drops the new members, with the reason.
    /// </summary>
    private static bool IsDerivationFailure(Exception e)
        => e is HessianUnsupportedException or FormulaException or InvalidOperationException or ArgumentException
            or InsufficientExecutionStackException or KeyNotFoundException or IndexOutOfRangeException or NullReferenceException;

    private static string Reason(Exception e) => e switch
    {
        HessianUnsupportedException => e.Message,
        FormulaException f => f.Diagnostic.Message,
        _ => $"LossGen could not derive it ({e.Message}); please report it with the formula",
    };

    /// <summary>True when <paramref name="after"/> merged no two size classes that <paramref name="before"/> kept apart.</summary>
    private static bool SamePartition(DimUnifier before, DimUnifier after)
    {
        var representative = new Dictionary<int, int>();
        for (int d = 0; d < before.Count; d++)
        {
            int a = after.Find(d), b = before.Find(d);
            if (representative.TryGetValue(a, out int seen) && seen != b) return false;
            representative[a] = b;
        }
        return true;
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

/// <summary>
/// A test hook standing in for a compiler bug: tests name a method, and compiling it throws the exception they
/// supply, so that they can prove an internal fault is reported as LG0006 rather than crashing or blaming the formula.
/// Never set outside tests.
/// </summary>
internal static class InternalFaultInjection
{
    private static volatile Tuple<string, Func<Exception>>? _fault;

    /// <summary>Makes compiling <paramref name="methodName"/> throw until the returned scope is disposed.</summary>
    public static IDisposable Throw(string methodName, Func<Exception> fault)
    {
        _fault = Tuple.Create(methodName, fault);
        return new Scope();
    }

    public static void ThrowIfRequested(string methodName)
    {
        Tuple<string, Func<Exception>>? fault = _fault;
        if (fault is not null && fault.Item1 == methodName) throw fault.Item2();
    }

    private sealed class Scope : IDisposable
    {
        public void Dispose() => _fault = null;
    }
}
