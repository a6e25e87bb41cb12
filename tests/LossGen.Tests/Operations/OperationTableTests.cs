using System.Reflection;
using System.Runtime.Intrinsics;
using LossGen.Emit;
using LossGen.Ir;
using LossGen.Ir.Operations;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LossGen.Tests.Operations;

/// <summary>
/// Every entry of the operation table checked on its own: its chain rule against central finite differences of its
/// value rule, its second derivative (the Hessian diagonal's tangent of that derivative) against finite differences
/// of the derivative, and its vector code against its scalar code, compiled from the entry's templates.
/// </summary>
public class OperationTableTests
{
    public static TheoryData<string> Differentiable()
    {
        var data = new TheoryData<string>();
        foreach (OperationEntry f in OperationTable.All)
            if (f.Derivative is not null && !f.HasNoDerivative && f.Operands == OperandKind.Number) data.Add(f.Name);
        return data;
    }

    public static TheoryData<string> Vectorized()
    {
        var data = new TheoryData<string>();
        foreach (OperationEntry f in OperationTable.All)
            if (f.VectorCode is not null) data.Add(f.Name);
        return data;
    }

    private static OperationEntry Entry(string name) => OperationTable.All.Single(e => e.Name == name);

    /// <summary>Points inside each function's domain, away from its kinks (abs and relu at 0) and poles.</summary>
    private static double[] Grid(string name) => name switch
    {
        "log" or "sqrt" or "digamma" or "trigamma" => [0.05, 0.3, 0.9, 1.0, 1.7, 3.2, 7.5, 12.0, 40.0],
        "log1p" => [-0.9, -0.4, 0.2, 1.0, 3.5, 20.0],
        "acos" => [-0.95, -0.6, -0.2, 0.1, 0.5, 0.9],
        "lgamma" => [-2.5, -1.3, -0.5, 0.05, 0.5, 1.0, 1.46, 2.0, 2.7, 6.3, 9.9, 10.1, 25.0],
        "exp" or "cosh" or "sinh" or "expm1" => [-4.0, -1.1, -0.2, 0.3, 1.4, 4.0],
        _ => [-6.0, -2.5, -1.1, -0.3, 0.2, 0.7, 1.6, 3.3, 6.0],
    };

    [Theory]
    [MemberData(nameof(Differentiable))]
    public void Derivative_matches_central_differences_of_the_value(string name)
    {
        OperationEntry f = Entry(name);
        (Graph g, Node x) = NewGraph();
        Node derivative = f.Derivative!(g, x, g.Apply(f, x), () => g.Const(1));
        foreach (double at in Grid(name))
        {
            double expected = CentralDifference(v => f.Value([v]), at);
            double actual = Evaluate(derivative, at);
            AssertClose(expected, actual, 2e-7, $"{name}'({at})");
        }
    }

    [Theory]
    [MemberData(nameof(Differentiable))]
    public void Second_derivative_matches_central_differences_of_the_derivative(string name)
    {
        OperationEntry f = Entry(name);
        if (f.Spelling == Spelling.Internal) return; // digamma's second derivative would need tetragamma, which nothing asks for
        (Graph g, Node x) = NewGraph();
        Node derivative = f.Derivative!(g, x, g.Apply(f, x), () => g.Const(1));
        Node second = HessianDiagonal.Of(g, derivative, x);
        foreach (double at in Grid(name))
        {
            double expected = CentralDifference(v => Evaluate(derivative, v), at);
            AssertClose(expected, Evaluate(second, at), 2e-6, $"{name}''({at})");
        }
    }

    [Fact]
    public void Sign_and_detach_have_derivative_zero_and_no_seed()
    {
        foreach (OperationEntry f in OperationTable.All.Where(e => e.HasNoDerivative))
        {
            (Graph g, Node x) = NewGraph();
            bool seeded = false;
            Node d = f.Derivative!(g, x, g.Apply(f, x), () => { seeded = true; return g.Const(1); });
            Assert.True(d.IsConst(0), f.Name);
            Assert.False(seeded, f.Name);
        }
    }

    [Fact]
    public void Every_function_name_is_unique_and_callable_names_are_identifiers()
    {
        Assert.Equal(OperationTable.All.Count, OperationTable.All.Select(e => e.Op).Distinct().Count());
        Assert.Equal(OperationTable.All.Count, OperationTable.All.Select(e => e.Name).Distinct().Count());
        foreach (string name in OperationTable.FunctionNames)
            Assert.Matches("^[a-z][a-z0-9_]*$", name);
        Assert.DoesNotContain("digamma", LossGen.Ir.Binder.BuiltinFunctions);
        Assert.DoesNotContain("&&", LossGen.Ir.Binder.BuiltinFunctions);
    }

    [Fact]
    public void Range_rules_contain_the_values_on_a_grid()
    {
        foreach (OperationEntry f in OperationTable.All.Where(e => e.Range is not null && e.Operands == OperandKind.Number))
        {
            double[] grid = Grid(f.Name);
            for (int i = 0; i < grid.Length; i++)
            {
                for (int j = i; j < grid.Length; j++)
                {
                    (double lo, double hi) = f.Range!(grid[i], grid[j]);
                    for (int k = i; k <= j; k++)
                    {
                        double v = f.Value([grid[k]]);
                        if (double.IsNaN(v)) continue;
                        // The range rules may use a stabler formula than the value rule (sigmoid): allow the last bit.
                        double slack = 4e-16 * Math.Abs(v);
                        Assert.True(lo - slack <= v && v <= hi + slack, $"{f.Name}({grid[k]}) = {v} outside [{lo}, {hi}] for x in [{grid[i]}, {grid[j]}]");
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Vectorized))]
    public void Vector_code_agrees_with_scalar_code_at_every_width(string name)
    {
        OperationEntry f = Entry(name);
        Type probe = Compile(f);
        double[] points = f.Operands == OperandKind.Condition ? [0, 1] : Grid(name).Concat([0.0, -0.0, 1e-300]).ToArray();
        foreach (MethodInfo vector in probe.GetMethods().Where(m => m.Name.StartsWith("Vector", StringComparison.Ordinal)))
        {
            bool single = vector.Name.EndsWith("Single", StringComparison.Ordinal);
            MethodInfo scalar = probe.GetMethod(single ? "ScalarSingle" : "ScalarDouble")!;
            foreach (double a in points)
            {
                foreach (double b in f.Arity == 2 ? points : [0.0])
                {
                    double s = Invoke(scalar, f, single, a, b);
                    double v = Invoke(vector, f, single, a, b);
                    if (double.IsNaN(s)) { Assert.True(double.IsNaN(v), $"{vector.Name}({a}, {b})"); continue; }
                    double tolerance = single ? 2e-7 : 4e-16;
                    Assert.True(s == v || Math.Abs(s - v) <= tolerance * Math.Abs(s), $"{name} {vector.Name}({a}, {b}): scalar {s}, vector {v}");
                }
            }
        }
    }

    // ---- helpers ----

    private static (Graph, Node) NewGraph()
    {
        var g = new Graph(new DimUnifier());
        return (g, g.Input(0, Shape.Scalar, ElemKind.Real));
    }

    private static double CentralDifference(Func<double, double> f, double x)
    {
        double h = 1e-5 * Math.Max(1, Math.Abs(x));
        return (f(x + h) - f(x - h)) / (2 * h);
    }

    private static void AssertClose(double expected, double actual, double relative, string what)
        => Assert.True(Math.Abs(expected - actual) <= relative * Math.Max(1, Math.Abs(expected)), $"{what}: expected {expected}, got {actual}");

    /// <summary>Evaluates a scalar graph of x straight from the table's value rules (the arithmetic and where by hand).</summary>
    private static double Evaluate(Node root, double x)
    {
        var values = new Dictionary<Node, double>();
        foreach (Node n in Differentiator.TopologicalOrder(root))
        {
            double[] a = n.Args.Select(arg => values[arg]).ToArray();
            values[n] = n.Op switch
            {
                Op.Const => n.Value,
                Op.Input => x,
                Op.Add => a.Sum(),
                Op.Mul => a.Aggregate(1.0, (p, v) => p * v),
                Op.Div => a[0] / a[1],
                Op.Pow => Math.Pow(a[0], a[1]),
                Op.Less => a[0] < a[1] ? 1 : 0,
                Op.LessEqual => a[0] <= a[1] ? 1 : 0,
                Op.Greater => a[0] > a[1] ? 1 : 0,
                Op.GreaterEqual => a[0] >= a[1] ? 1 : 0,
                Op.Equal => a[0] == a[1] ? 1 : 0,
                Op.NotEqual => a[0] != a[1] ? 1 : 0,
                Op.Where => a[0] != 0 ? a[1] : a[2],
                _ => OperationTable.Of(n.Op)!.Value(a),
            };
        }
        return values[root];
    }

    private static double Invoke(MethodInfo m, OperationEntry f, bool single, double a, double b)
    {
        bool condition = f.Operands == OperandKind.Condition;
        object Arg(double v) => !m.Name.StartsWith("Scalar", StringComparison.Ordinal)
            ? MakeVector(m.GetParameters()[0].ParameterType, single, condition, v)
            : condition ? v != 0 : single ? (float)v : (object)v;
        object?[] args = f.Arity == 2 ? [Arg(a), Arg(b)] : [Arg(a)];
        object result = m.Invoke(null, args)!;
        return result switch
        {
            bool r => r ? 1 : 0,
            float r => r,
            double r => r,
            _ => Lane0(result, single, condition),
        };
    }

    private static object MakeVector(Type vectorType, bool single, bool condition, double v)
    {
        Type api = vectorType.Assembly.GetType(vectorType.FullName!.Split('`')[0])!;
        MethodInfo create = api.GetMethods().Single(m => m.Name == "Create" && m.GetParameters().Length == 1
            && m.GetParameters()[0].ParameterType == (single ? typeof(float) : typeof(double)));
        object lane = condition ? (single ? BitConverter.Int32BitsToSingle(v != 0 ? -1 : 0) : (object)BitConverter.Int64BitsToDouble(v != 0 ? -1 : 0))
            : single ? (float)v : (object)v;
        return create.Invoke(null, [lane])!;
    }

    private static double Lane0(object vector, bool single, bool condition)
    {
        MethodInfo getElement = vector.GetType().Assembly.GetType(vector.GetType().FullName!.Split('`')[0])!
            .GetMethods().Single(m => m.Name == "GetElement").MakeGenericMethod(single ? typeof(float) : typeof(double));
        object lane = getElement.Invoke(null, [vector, 0])!;
        if (condition)
            return single ? (BitConverter.SingleToInt32Bits((float)lane) != 0 ? 1 : 0) : (BitConverter.DoubleToInt64Bits((double)lane) != 0 ? 1 : 0);
        return single ? (float)lane : (double)lane;
    }

    /// <summary>A class with the entry's scalar code for double and float and its vector code at each width, compiled with Roslyn.</summary>
    private static Type Compile(OperationEntry f)
    {
        // The code is compiled where the generator prints kernels: in the kernel namespace, under its using directives.
        var source = new System.Text.StringBuilder();
        foreach (string u in RuntimeNames.Usings) source.Append($"using {u};\n");
        source.Append($"namespace {RuntimeNames.GeneratedNamespace} {{\npublic static class Probe {{\n");
        string[] operands = f.Arity == 2 ? ["x", "y"] : ["x"];
        foreach ((ScalarSyntax t, string suffix) in new[] { (ScalarSyntax.Double, "Double"), (ScalarSyntax.Single, "Single") })
        {
            string scalarType = f.Operands == OperandKind.Condition ? "bool" : t.Name;
            string parameters = string.Join(", ", operands.Select(o => $"{scalarType} {o}"));
            source.Append($"public static {scalarType} Scalar{suffix}({parameters}) => {OperationCode.Scalar(f, t, operands)};\n");
            int width = 512;
            foreach (VectorSyntax v in VectorSyntax.For(t))
            {
                string vectorParameters = string.Join(", ", operands.Select(o => $"{v.Type} {o}"));
                source.Append($"public static {v.Type} Vector{width}{suffix}({vectorParameters}) => {OperationCode.Vector(f, t, v, operands)};\n");
                width /= 2;
            }
        }
        source.Append("}\n}\n");
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(p => MetadataReference.CreateFromFile(p))
            .Append(MetadataReference.CreateFromFile(typeof(LossMath).Assembly.Location));
        CSharpCompilation compilation = CSharpCompilation.Create("Probe_" + f.Op, [CSharpSyntaxTree.ParseText(source.ToString())], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release));
        using var stream = new MemoryStream();
        var emitted = compilation.Emit(stream);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics) + "\n" + source);
        return Assembly.Load(stream.ToArray()).GetType(RuntimeNames.GeneratedNamespace + ".Probe")!;
    }
}
