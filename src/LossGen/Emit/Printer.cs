using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using LossGen.Ir;
using LossGen.Ir.Operations;

namespace LossGen.Emit;

/// <summary>
/// Prints IR in math notation for XML docs and code comments. Subexpressions used more than once are named
/// (s1, s2, ...) and listed once, so a derivative prints as compactly as it is computed.
/// </summary>
internal sealed class Printer
{
    private readonly IReadOnlyList<string> _inputNames;
    private readonly Dictionary<Node, string> _shared = new();
    private readonly List<string> _definitions = new();

    public Printer(IReadOnlyList<string> inputNames) => _inputNames = inputNames;

    /// <summary>Definitions of shared subexpressions named so far, in order.</summary>
    public IReadOnlyList<string> Definitions => _definitions;

    /// <summary>Names the subexpressions of <paramref name="roots"/> that are used more than once.</summary>
    public void ShareCommon(IEnumerable<Node> roots)
    {
        var uses = new Dictionary<Node, int>();
        var order = new List<Node>();
        foreach (Node root in roots)
        {
            foreach (Node n in Differentiator.TopologicalOrder(root))
            {
                if (!uses.ContainsKey(n)) { uses[n] = 0; order.Add(n); }
            }
        }
        foreach (Node n in order)
            foreach (Node a in n.Args)
                uses[a]++;
        foreach (Node n in order)
        {
            if (uses[n] < 2 || IsAtom(n) || _shared.ContainsKey(n)) continue;
            string text = Print(n);
            string name = "s" + (_shared.Count + 1).ToString(CultureInfo.InvariantCulture);
            _shared[n] = name;
            _definitions.Add($"{name} = {text}");
        }
    }

    public string Print(Node n) => Print(n, 0);

    private static bool IsAtom(Node n) => n.Op is Op.Const or Op.Input or Op.Size or Op.ColumnIndex;

    // Precedence: 1 comparison, 2 sum, 3 product, 4 unary minus, 5 power, 6 atom/call.
    private string Print(Node n, int context)
    {
        if (_shared.TryGetValue(n, out string? name)) return name;
        (string text, int prec) = Format(n);
        return prec < context ? "(" + text + ")" : text;
    }

    private (string, int) Format(Node n)
    {
        string A(int i, int prec = 0) => Print(n.Args[i], prec);
        switch (n.Op)
        {
            case Op.Const:
                if (n.Kind == ElemKind.Bool) return (n.Value != 0 ? "true" : "false", 6);
                return (Number(n.Value), n.Value < 0 ? 4 : 6);
            case Op.Input: return (_inputNames[n.Index], 6);
            case Op.Size: return ("N", 6);
            case Op.ColumnIndex: return ("j", 6);
            case Op.Add:
            {
                var sb = new StringBuilder();
                for (int i = 0; i < n.Args.Length; i++)
                {
                    Node t = n.Args[i];
                    bool negative = t.Op == Op.Mul && t.Args[0].Op == Op.Const && t.Args[0].Value < 0
                        || t.Op == Op.Const && t.Value < 0;
                    if (i == 0) { sb.Append(Print(t, 2)); continue; }
                    if (negative)
                    {
                        Node positive = t.Op == Op.Const ? null! : t;
                        string body = t.Op == Op.Const ? Number(-t.Value) : PrintNegated(t);
                        sb.Append(" − ").Append(body);
                    }
                    else
                    {
                        sb.Append(" + ").Append(Print(t, 2));
                    }
                }
                return (sb.ToString(), 2);
            }
            case Op.Mul:
            {
                if (n.Args[0].Op == Op.Const && n.Args[0].Value == -1)
                    return ("−" + string.Join("·", n.Args.Skip(1).Select(a => Print(a, 4))), 4);
                return (string.Join("·", n.Args.Select(a => Print(a, 3))), 3);
            }
            case Op.Div: return (A(0, 3) + " / " + A(1, 4), 3);
            case Op.Pow: return (A(0, 6) + "^" + A(1, 6), 5);
            case Op.Less: return (A(0, 2) + " < " + A(1, 2), 1);
            case Op.LessEqual: return (A(0, 2) + " ≤ " + A(1, 2), 1);
            case Op.Greater: return (A(0, 2) + " > " + A(1, 2), 1);
            case Op.GreaterEqual: return (A(0, 2) + " ≥ " + A(1, 2), 1);
            case Op.Equal: return (A(0, 2) + " == " + A(1, 2), 1);
            case Op.NotEqual: return (A(0, 2) + " ≠ " + A(1, 2), 1);
            case Op.Gather: return (A(0, 6) + "[" + A(1) + "]", 6);
            case Op.Pick: return (A(0, 6) + "[i, " + A(1) + "[i]]", 6);
            case Op.ScatterSum: return ("scatter_add(" + A(0) + ", " + A(1) + ")", 6);
            case Op.Max2: return ("max(" + A(0) + ", " + A(1) + ")", 6);
            case Op.Min2: return ("min(" + A(0) + ", " + A(1) + ")", 6);
            case Op.Clamp: return ("clamp(" + A(0) + ", " + A(1) + ", " + A(2) + ")", 6);
            case Op.Where: return ("where(" + A(0) + ", " + A(1) + ", " + A(2) + ")", 6);
            case Op.Sum or Op.Mean or Op.Max or Op.Min or Op.LogSumExp or Op.Norm or Op.Softmax or Op.LogSoftmax:
                return (FunctionName(n.Op) + "(" + A(0) + Dim(n.Axis) + ")", 6);
            default:
                return (FunctionName(n.Op) + "(" + A(0) + ")", 6);
        }
    }

    private string PrintNegated(Node t)
    {
        // t = c * rest with c < 0: print |c| * rest.
        var rest = t.Args.Skip(1).ToList();
        double c = -t.Args[0].Value;
        string body = string.Join("·", rest.Select(a => Print(a, 3)));
        return c == 1 ? (rest.Count == 1 ? Print(rest[0], 3) : body) : Number(c) + "·" + body;
    }

    private static string Dim(Axis axis) => axis switch
    {
        Axis.Dim0 => ", dim: 0",
        Axis.Dim1 => ", dim: 1",
        _ => "",
    };

    public static string FunctionName(Op op) => OperationTable.Of(op)?.Name ?? op switch
    {
        Op.LogSumExp => "logsumexp",
        Op.LogSoftmax => "log_softmax",
        _ => op.ToString().ToLowerInvariant(),
    };

    public static string Number(double v)
    {
        if (double.IsPositiveInfinity(v)) return "∞";
        if (double.IsNegativeInfinity(v)) return "−∞";
        string s = v.ToString("R", CultureInfo.InvariantCulture);
        return s.StartsWith("-", System.StringComparison.Ordinal) ? "−" + s.Substring(1) : s;
    }
}
