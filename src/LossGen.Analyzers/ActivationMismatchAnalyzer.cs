using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LossGen.Analyzers.Roslyn;
using LossGen.Ir;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LossGen.Analyzers;

/// <summary>
/// LG2003: at a call to a <c>[Loss]</c> method (or its generated <c>WithGradient</c>/<c>PerSample</c> variants), an
/// argument whose value came from a sigmoid or softmax is passed to a <c>[Logits]</c> parameter, or a value marked
/// as logits is passed to a <c>[Probabilities]</c> parameter. Sources are found by data flow within the calling
/// method's body (flow-insensitive, over its IOperation tree): a <c>TensorPrimitives.Sigmoid</c>/<c>SoftMax</c>
/// destination, the result of a method named like Sigmoid or Softmax, a method whose return value is marked
/// <c>[return: Probabilities]</c> or <c>[return: Logits]</c>, and parameters marked with those attributes. A value
/// with conflicting or unknown sources is not reported.
/// </summary>
[DiagnosticAnalyzer(Microsoft.CodeAnalysis.LanguageNames.CSharp)]
public sealed class ActivationMismatchAnalyzer : DiagnosticAnalyzer
{
    private static readonly string[] Variants = ["WithGradient", "PerSample"];

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(LossGenDiagnostics.ActivationMismatchAtCall);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (LossSymbols.Create(start.Compilation) is not LossSymbols symbols) return;
            start.RegisterOperationAction(c => AnalyzeInvocation(c, symbols), OperationKind.Invocation);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, LossSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (LossMethodFor(invocation.TargetMethod, symbols) is not IMethodSymbol loss) return;
        IOperation root = invocation;
        while (root.Parent is not null) root = root.Parent;
        var tracer = new Tracer(symbols, root);
        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (argument.Parameter is null || argument.IsImplicit) continue;
            IParameterSymbol? parameter = loss.Parameters.FirstOrDefault(p => p.Name == argument.Parameter.Name);
            if (parameter is null || symbols.RoleOf(parameter.GetAttributes()) is not Role expected || expected is not (Role.Logits or Role.Probabilities)) continue;
            if (tracer.Activation(argument.Value) is not (Role actual, string source)) continue;
            string method = invocation.TargetMethod.Name;
            string text = argument.Value.Syntax.ToString();
            if (expected == Role.Logits && actual == Role.Probabilities)
                context.ReportDiagnostic(Diagnostic.Create(LossGenDiagnostics.ActivationMismatchAtCall, argument.Syntax.GetLocation(),
                    $"'{text}' holds probabilities ({source}), but '{parameter.Name}' of '{method}' is [Logits]; pass the raw scores from before the activation, or call a loss declared on [Probabilities]"));
            else if (expected == Role.Probabilities && actual == Role.Logits)
                context.ReportDiagnostic(Diagnostic.Create(LossGenDiagnostics.ActivationMismatchAtCall, argument.Syntax.GetLocation(),
                    $"'{text}' holds logits ({source}), but '{parameter.Name}' of '{method}' is [Probabilities]; apply sigmoid or softmax first, or call a loss declared on [Logits]"));
        }
    }

    /// <summary>The [Loss] method a call targets: the method itself, or the one a generated variant was made from.</summary>
    private static IMethodSymbol? LossMethodFor(IMethodSymbol target, LossSymbols symbols)
    {
        IMethodSymbol definition = target.PartialDefinitionPart ?? target;
        if (symbols.LossAttributeOf(definition) is not null) return definition;
        foreach (string suffix in Variants)
        {
            if (!target.Name.EndsWith(suffix, System.StringComparison.Ordinal) || target.Name.Length == suffix.Length) continue;
            string name = target.Name.Substring(0, target.Name.Length - suffix.Length);
            var names = new HashSet<string>(target.Parameters.Select(p => p.Name));
            foreach (IMethodSymbol candidate in target.ContainingType.GetMembers(name).OfType<IMethodSymbol>())
                if (symbols.LossAttributeOf(candidate) is not null && candidate.Parameters.All(p => names.Contains(p.Name)))
                    return candidate;
        }
        return null;
    }

    /// <summary>Follows a value back to where it was computed, within one method body.</summary>
    private sealed class Tracer(LossSymbols symbols, IOperation root)
    {
        private readonly HashSet<ISymbol> _visiting = new(SymbolEqualityComparer.Default);

        public (Role, string)? Activation(IOperation value)
        {
            value = Unwrap(value);
            switch (value)
            {
                case IInvocationOperation call:
                {
                    IMethodSymbol m = call.TargetMethod;
                    if (symbols.RoleOf(m.GetReturnTypeAttributes()) is Role r && r is Role.Probabilities or Role.Logits)
                        return (r, $"returned by '{m.Name}', marked [return: {r}]");
                    if (!m.ReturnsVoid && IsActivationName(m.Name))
                        return (Role.Probabilities, $"returned by '{m.ContainingType?.Name}.{m.Name}'");
                    return null;
                }
                case ILocalReferenceOperation local:
                    return FromWrites(local.Local);
                case IParameterReferenceOperation parameter:
                    if (symbols.RoleOf(parameter.Parameter.GetAttributes()) is Role role && role is Role.Probabilities or Role.Logits)
                        return (role, $"parameter '{parameter.Parameter.Name}' is marked [{role}]");
                    return FromWrites(parameter.Parameter);
                default:
                    return null;
            }
        }

        /// <summary>Combines every write to a local (or parameter) in the body; null unless they agree.</summary>
        private (Role, string)? FromWrites(ISymbol symbol)
        {
            if (!_visiting.Add(symbol)) return null;
            try
            {
                var found = new List<(Role Role, string Source)>();
                foreach (IOperation op in root.DescendantsAndSelf())
                {
                    switch (op)
                    {
                        case IVariableDeclaratorOperation d when SymbolEqualityComparer.Default.Equals(d.Symbol, symbol) && d.Initializer is not null:
                            if (Activation(d.Initializer.Value) is { } fromInit) found.Add(fromInit);
                            break;
                        case ISimpleAssignmentOperation a when RefersTo(a.Target, symbol):
                            if (Activation(a.Value) is { } fromAssignment) found.Add(fromAssignment);
                            break;
                        case IInvocationOperation call when IsActivationName(call.TargetMethod.Name):
                            foreach (IArgumentOperation arg in call.Arguments)
                            {
                                if (arg.Parameter is { } p && IsDestination(p) && RefersTo(arg.Value, symbol))
                                    found.Add((Role.Probabilities, $"written by '{call.TargetMethod.ContainingType?.Name}.{call.TargetMethod.Name}'"));
                            }
                            break;
                    }
                }
                if (found.Count == 0 || found.Select(f => f.Role).Distinct().Count() != 1) return null;
                return found[0];
            }
            finally
            {
                _visiting.Remove(symbol);
            }
        }

        private static bool IsDestination(IParameterSymbol p)
            => p.Name == "destination" || p.Type is INamedTypeSymbol { Name: "Span" or "TensorSpan" } && p.RefKind == RefKind.None && p.Ordinal > 0;

        private static bool RefersTo(IOperation value, ISymbol symbol) => Unwrap(value) switch
        {
            ILocalReferenceOperation l => SymbolEqualityComparer.Default.Equals(l.Local, symbol),
            IParameterReferenceOperation p => SymbolEqualityComparer.Default.Equals(p.Parameter, symbol),
            _ => false,
        };

        /// <summary>Looks through conversions and span/tensor views of the same memory.</summary>
        private static IOperation Unwrap(IOperation value)
        {
            for (int guard = 0; guard < 32; guard++)
            {
                switch (value)
                {
                    case IConversionOperation c:
                        value = c.Operand;
                        continue;
                    case IParenthesizedOperation p:
                        value = p.Operand;
                        continue;
                    case IInvocationOperation i when i.TargetMethod.Name is "AsSpan" or "AsReadOnlySpan" or "AsTensorSpan" or "AsReadOnlyTensorSpan" or "op_Implicit":
                        IOperation? inner = i.Instance ?? i.Arguments.FirstOrDefault()?.Value;
                        if (inner is null) return value;
                        value = inner;
                        continue;
                    case IObjectCreationOperation o when o.Type?.Name is "ReadOnlySpan" or "Span" or "ReadOnlyTensorSpan" or "TensorSpan" && o.Arguments.Length > 0:
                        value = o.Arguments[0].Value;
                        continue;
                }
                return value;
            }
            return value;
        }

        private static bool IsActivationName(string name)
        {
            string n = name.ToLowerInvariant();
            return (n.Contains("sigmoid") || n.Contains("softmax"))
                   && !n.Contains("log") && !n.Contains("derivative") && !n.Contains("grad") && !n.Contains("backward");
        }
    }
}
