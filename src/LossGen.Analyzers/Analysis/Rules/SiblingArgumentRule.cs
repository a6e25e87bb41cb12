using System.Collections.Generic;
using LossGen.Formula;
using LossGen.Ir;
using static LossGen.Analyzers.Analysis.CheckContext;

namespace LossGen.Analyzers.Analysis.Rules;

/// <summary>
/// LG2001 and LG2002 at in-formula calls to sibling losses: a [Logits] argument for a [Probabilities] parameter,
/// or the reverse, located on the argument.
/// </summary>
internal static class SiblingArgumentRule
{
    public static IEnumerable<Finding> Check(CheckContext c)
    {
        foreach (CallExpr call in c.Text.SiblingCalls)
        {
            if (!c.Siblings.TryGetValue(call.Name, out LossDecl? callee)) continue;
            int position = 0;
            foreach (Argument arg in call.Arguments)
            {
                int target = arg.Name is null ? position++ : IndexOf(callee, arg.Name);
                if (target < 0 || target >= callee.Inputs.Count) continue;
                if (arg.Value is not NameExpr name || c.Text.IsBinding(name.Name)) continue;
                int caller = c.IndexOf(name.Name);
                if (caller < 0) continue;
                Role given = c.Decl.Inputs[caller].Role, expected = callee.Inputs[target].Role;
                string parameter = callee.Inputs[target].Name;
                if (given == Role.Logits && expected == Role.Probabilities)
                    yield return new Finding(DiagnosticIds.LogitsAsProbabilities, name.Span,
                        $"'{name.Name}' is [Logits], but '{call.Name}' takes '{parameter}' as [Probabilities]; pass probabilities, or call a loss on logits",
                        c.Validate([RoleFix(name.Name, Role.Logits, Role.Probabilities)]));
                else if (given == Role.Probabilities && expected == Role.Logits)
                    yield return new Finding(DiagnosticIds.ProbabilitiesAsLogits, name.Span,
                        $"'{name.Name}' is [Probabilities], but '{call.Name}' takes '{parameter}' as [Logits]; pass logits, or call a loss on probabilities",
                        c.Validate([RoleFix(name.Name, Role.Probabilities, Role.Logits)]));
            }
        }
    }
}
