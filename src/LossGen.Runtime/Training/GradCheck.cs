using System.Globalization;
using System.Numerics;
using System.Numerics.Tensors;
using System.Text;

namespace LossGen.Training;

/// <summary>
/// Checks a gradient against central finite differences, like <c>torch.autograd.gradcheck</c>: for every element
/// of every checked input it evaluates the loss at <c>x - h</c> and <c>x + h</c> and compares
/// <c>(f(x + h) - f(x - h)) / 2h</c> with the gradient that the <c>WithGradient</c> method wrote.
/// </summary>
/// <remarks>
/// <para>
/// The inputs are arrays that the caller's delegates read. <see cref="GradCheck"/> perturbs them in place, one
/// element at a time, and restores each element before it moves on, so the delegates simply capture the arrays:
/// </para>
/// <code>
/// double[] y = [1, 2, 3], yhat = [1.5, 1.5, 4];
/// GradCheckReport report = GradCheck.Run(
///     () =&gt; Losses.Mse(y, yhat),
///     g =&gt; Losses.MseWithGradient(y, yhat, g["yhat"]),
///     GradCheck.Input("yhat", yhat));
/// report.ThrowIfFailed();
/// </code>
/// <para>
/// For a rank-2 input pass its shape, <c>GradCheck.Input("z", z, rows, cols)</c>, and give the generated method
/// <c>input.Tensor</c> (or your own <c>TensorSpan</c> over the same array) and <c>g.Tensor("z")</c>.
/// </para>
/// <para>
/// <b>Step.</b> Element <c>x</c> is moved by <c>h = step · max(1, |x|)</c>. The default step is the cube root of the
/// element type's machine epsilon (about 6e-6 for <see cref="double"/>, 5e-3 for <see cref="float"/>), which
/// balances truncation and rounding error for central differences. The perturbed values are rounded to the element
/// type, and the difference quotient is computed in <see cref="double"/> from the values actually passed, so a
/// <see cref="float"/> check loses nothing beyond the precision of the <see cref="float"/> loss itself. Prefer
/// <see cref="double"/> when you can: its check is far sharper.
/// </para>
/// <para>
/// <b>Pass rule</b> (as in PyTorch): every element must satisfy
/// <c>|analytic - numeric| ≤ atol + rtol · |numeric|</c>; a NaN or infinity on either side fails. The forward loss
/// and the loss returned by the gradient delegate must agree by the same rule. Defaults: atol = 1e-5, rtol = 1e-3
/// for <see cref="double"/>; atol = 1e-3, rtol = 1e-2 for <see cref="float"/> and narrower types.
/// </para>
/// <para>
/// <b>Non-smooth points.</b> Finite differences straddle a kink (<c>abs</c> at 0, <c>max(a, b)</c> at a tie,
/// a <c>where</c> whose condition flips within ±h) and then disagree with any subgradient. Check at inputs at least
/// a few steps away from such points, as with PyTorch.
/// </para>
/// <para>
/// Gradient buffers are filled with NaN before the gradient delegate runs, so an element the method does not write
/// fails the check. The inputs must not be modified by either delegate (the generated methods never write them);
/// if they are, <see cref="Run{T}(Func{T}, Func{GradCheckGradients{T}, T}, GradCheckOptions?, GradCheckInput{T}[])"/>
/// throws <see cref="InvalidOperationException"/>.
/// </para>
/// </remarks>
public static class GradCheck
{
    /// <summary>A rank-1 input: a <c>ReadOnlySpan&lt;T&gt;</c> parameter of the loss.</summary>
    /// <param name="name">The name to report (usually the parameter's name); it also names the gradient buffer.</param>
    /// <param name="values">The array the loss delegates read. It is perturbed in place and restored.</param>
    public static GradCheckInput<T> Input<T>(string name, T[] values) where T : IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(values);
        return new GradCheckInput<T>(name, values, rank: 1, values.Length, 1);
    }

    /// <summary>A rank-2 input <c>[rows, columns]</c> stored row-major: a <c>ReadOnlyTensorSpan&lt;T&gt;</c> parameter.</summary>
    /// <param name="name">The name to report (usually the parameter's name); it also names the gradient buffer.</param>
    /// <param name="values">The array the loss delegates read, row-major. It is perturbed in place and restored.</param>
    /// <param name="rows">The number of rows.</param>
    /// <param name="columns">The number of columns.</param>
    public static GradCheckInput<T> Input<T>(string name, T[] values, int rows, int columns) where T : IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if ((long)rows * columns != values.Length)
            throw new ArgumentException($"'{name}' has {values.Length} values, but the shape [{rows}, {columns}] needs {(long)rows * columns}.", nameof(values));
        return new GradCheckInput<T>(name, values, rank: 2, rows, columns);
    }

    /// <summary>Checks the gradient of every input with the default options.</summary>
    /// <param name="loss">Computes the loss from the current contents of the input arrays (the forward method).</param>
    /// <param name="lossWithGradient">
    /// Computes the loss and writes the gradient of each checked input into <c>gradients[name]</c> (or
    /// <c>gradients.Tensor(name)</c>); returns the loss. Typically a call to the generated <c>NameWithGradient</c>.
    /// </param>
    /// <param name="inputs">The inputs to check, each made with <see cref="Input{T}(string, T[])"/> or its rank-2 overload.</param>
    public static GradCheckReport Run<T>(Func<T> loss, Func<GradCheckGradients<T>, T> lossWithGradient, params GradCheckInput<T>[] inputs)
        where T : IFloatingPointIeee754<T>
        => Run(loss, lossWithGradient, null, inputs);

    /// <summary>Checks the gradient of every input.</summary>
    /// <param name="loss">Computes the loss from the current contents of the input arrays (the forward method).</param>
    /// <param name="lossWithGradient">
    /// Computes the loss and writes the gradient of each checked input into <c>gradients[name]</c> (or
    /// <c>gradients.Tensor(name)</c>); returns the loss. Typically a call to the generated <c>NameWithGradient</c>.
    /// </param>
    /// <param name="options">Step and tolerances; <see langword="null"/> for the defaults.</param>
    /// <param name="inputs">The inputs to check, each made with <see cref="Input{T}(string, T[])"/> or its rank-2 overload.</param>
    /// <returns>One result per input, in the order given, and the overall verdict.</returns>
    public static GradCheckReport Run<T>(Func<T> loss, Func<GradCheckGradients<T>, T> lossWithGradient, GradCheckOptions? options, params GradCheckInput<T>[] inputs)
        where T : IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(lossWithGradient);
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Length == 0)
            throw new ArgumentException("Pass at least one input to check.", nameof(inputs));
        for (int i = 0; i < inputs.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(inputs[i], nameof(inputs));
            for (int j = 0; j < i; j++)
            {
                if (inputs[j].Name == inputs[i].Name)
                    throw new ArgumentException($"Two inputs are named '{inputs[i].Name}'; names must be distinct.", nameof(inputs));
                if (ReferenceEquals(inputs[j].Values, inputs[i].Values))
                    throw new ArgumentException($"'{inputs[j].Name}' and '{inputs[i].Name}' share one array; give each input its own array.", nameof(inputs));
            }
        }

        options ??= GradCheckOptions.Default;
        double epsilon = double.CreateChecked(T.BitIncrement(T.One) - T.One);
        bool doublePrecision = epsilon <= double.BitIncrement(1.0) - 1.0;
        double step = options.Step ?? Math.Cbrt(epsilon);
        double atol = options.AbsoluteTolerance ?? (doublePrecision ? 1e-5 : 1e-3);
        double rtol = options.RelativeTolerance ?? (doublePrecision ? 1e-3 : 1e-2);
        if (!(step > 0) || double.IsInfinity(step))
            throw new ArgumentOutOfRangeException(nameof(options), step, "The step must be a positive finite number.");
        if (!(atol >= 0) || !(rtol >= 0))
            throw new ArgumentOutOfRangeException(nameof(options), "The tolerances must be non-negative numbers.");
        if (options.MaxElementsPerInput is <= 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxElementsPerInput, "MaxElementsPerInput must be positive.");

        // The analytic pass, with buffers poisoned so that an unwritten element cannot pass.
        T[][] snapshots = inputs.Select(input => (T[])input.Values.Clone()).ToArray();
        var gradients = new GradCheckGradients<T>(inputs);
        T gradientLoss = lossWithGradient(gradients);
        EnsureUnchanged(inputs, snapshots, "the gradient delegate");

        double forwardLoss = double.CreateChecked(loss());
        EnsureUnchanged(inputs, snapshots, "the loss delegate");
        double withGradientLoss = double.CreateChecked(gradientLoss);
        bool lossesAgree = Agree(withGradientLoss, forwardLoss, atol, rtol)
            || (double.IsNaN(forwardLoss) && double.IsNaN(withGradientLoss))
            || (double.IsInfinity(forwardLoss) && forwardLoss == withGradientLoss);

        var results = new GradCheckResult[inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
            results[i] = CheckInput(inputs[i], gradients.Buffer(i), loss, step, atol, rtol, options.MaxElementsPerInput);
        EnsureUnchanged(inputs, snapshots, "the loss delegate");

        return new GradCheckReport(forwardLoss, withGradientLoss, lossesAgree, atol, rtol, step, results);
    }

    private static GradCheckResult CheckInput<T>(GradCheckInput<T> input, T[] analytic, Func<T> loss, double step, double atol, double rtol, int? maxElements)
        where T : IFloatingPointIeee754<T>
    {
        T[] x = input.Values;
        int n = x.Length;
        int stride = maxElements is int max && n > max ? (int)Math.Ceiling(n / (double)max) : 1;
        double maxAbs = 0, maxRel = 0, worstRatio = -1;
        double relativeFloor = rtol > 0 ? atol / rtol : 0;
        int worst = -1, failures = 0, checkedCount = 0;
        double worstAnalytic = double.NaN, worstNumeric = double.NaN;
        for (int k = 0; k < n; k += stride)
        {
            checkedCount++;
            T saved = x[k];
            double center = double.CreateChecked(saved);
            double h = step * Math.Max(1.0, Math.Abs(center));
            T up = T.CreateSaturating(center + h), down = T.CreateSaturating(center - h);
            // A step below half an ulp would round away: move by at least one representable value.
            if (up == saved) up = T.BitIncrement(saved);
            if (down == saved) down = T.BitDecrement(saved);
            double numeric;
            try
            {
                x[k] = up;
                double fUp = double.CreateChecked(loss());
                x[k] = down;
                double fDown = double.CreateChecked(loss());
                // The quotient uses the values actually passed, after rounding to T.
                numeric = (fUp - fDown) / (double.CreateChecked(up) - double.CreateChecked(down));
            }
            finally
            {
                x[k] = saved;
            }
            double a = double.CreateChecked(analytic[k]);
            double allowed = atol + rtol * Math.Abs(numeric);
            double abs = Math.Abs(a - numeric);
            bool finite = double.IsFinite(a) && double.IsFinite(numeric);
            if (!finite) abs = double.PositiveInfinity;
            bool ok = finite && abs <= allowed;
            // Relative to the larger magnitude, but never to less than atol / rtol: below that the check is absolute,
            // and dividing by a near-zero entry would print a large "relative error" for an element that passed.
            double rel = abs == 0 ? 0 : finite ? abs / Math.Max(relativeFloor, Math.Max(Math.Abs(a), Math.Abs(numeric))) : double.PositiveInfinity;
            // The worst element is the one that uses the largest share of its tolerance; the first one wins ties.
            double ratio = finite ? abs / Math.Max(allowed, double.Epsilon) : double.PositiveInfinity;
            if (!ok) failures++;
            maxAbs = Math.Max(maxAbs, abs);
            maxRel = Math.Max(maxRel, rel);
            if (ratio > worstRatio)
            {
                worstRatio = ratio;
                worst = k;
                worstAnalytic = a;
                worstNumeric = numeric;
            }
        }
        return new GradCheckResult(input.Name, input.Rank, input.Rows, input.Columns, n, checkedCount, maxAbs, maxRel,
            worst, worstAnalytic, worstNumeric, failures);
    }

    private static bool Agree(double actual, double expected, double atol, double rtol)
        => Math.Abs(actual - expected) <= atol + rtol * Math.Abs(expected);

    private static void EnsureUnchanged<T>(GradCheckInput<T>[] inputs, T[][] snapshots, string who) where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < inputs.Length; i++)
        {
            ReadOnlySpan<T> now = inputs[i].Values, then = snapshots[i];
            for (int k = 0; k < now.Length; k++)
            {
                // Value comparison, with NaN equal to NaN (an input may legitimately hold NaN).
                if (!(now[k] == then[k] || (T.IsNaN(now[k]) && T.IsNaN(then[k]))))
                    throw new InvalidOperationException(
                        $"{char.ToUpperInvariant(who[0])}{who[1..]} modified input '{inputs[i].Name}' at index {k}; the delegates must only read the inputs.");
            }
        }
    }
}

/// <summary>
/// An input checked by <see cref="GradCheck"/>: a name, the array the loss delegates read, and its shape. Make one
/// with <see cref="GradCheck.Input{T}(string, T[])"/> or <see cref="GradCheck.Input{T}(string, T[], int, int)"/>.
/// </summary>
/// <typeparam name="T">The element type, <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class GradCheckInput<T> where T : IFloatingPointIeee754<T>
{
    internal GradCheckInput(string name, T[] values, int rank, int rows, int columns)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Values = values;
        Rank = rank;
        Rows = rows;
        Columns = columns;
    }

    /// <summary>The name used in the report and to find the gradient buffer.</summary>
    public string Name { get; }

    /// <summary>The values, row-major for rank 2. <see cref="GradCheck"/> perturbs them in place and restores them.</summary>
    public T[] Values { get; }

    /// <summary>1 for a span input, 2 for a <c>[rows, columns]</c> tensor input.</summary>
    public int Rank { get; }

    /// <summary>The number of rows (the length, for rank 1).</summary>
    public int Rows { get; }

    /// <summary>The number of columns (1 for rank 1).</summary>
    public int Columns { get; }

    /// <summary>The values as a span, for a <c>ReadOnlySpan&lt;T&gt;</c> parameter.</summary>
    public Span<T> Span => Values;

    /// <summary>The values as a dense <c>[rows, columns]</c> tensor span, for a <c>ReadOnlyTensorSpan&lt;T&gt;</c> parameter.</summary>
    /// <exception cref="InvalidOperationException">The input has rank 1.</exception>
    public TensorSpan<T> Tensor => Rank == 2
        ? new TensorSpan<T>(Values, [Rows, Columns])
        : throw new InvalidOperationException($"'{Name}' is a rank-1 input; use Span, or make it with GradCheck.Input(name, values, rows, columns).");
}

/// <summary>
/// The gradient buffers <see cref="GradCheck"/> hands to the gradient delegate: one per checked input, with the
/// input's shape, filled with NaN before the call. Pass <c>gradients["x"]</c> (rank 1) or
/// <c>gradients.Tensor("x")</c> (rank 2) as the generated method's gradient output for input <c>x</c>.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class GradCheckGradients<T> where T : IFloatingPointIeee754<T>
{
    private readonly GradCheckInput<T>[] _inputs;
    private readonly T[][] _buffers;

    internal GradCheckGradients(GradCheckInput<T>[] inputs)
    {
        _inputs = inputs;
        _buffers = new T[inputs.Length][];
        for (int i = 0; i < inputs.Length; i++)
        {
            _buffers[i] = new T[inputs[i].Values.Length];
            _buffers[i].AsSpan().Fill(T.NaN);
        }
    }

    /// <summary>The number of buffers (one per checked input).</summary>
    public int Count => _buffers.Length;

    /// <summary>The buffer of the input at <paramref name="index"/> (in the order passed to <see cref="GradCheck"/>).</summary>
    public Span<T> this[int index] => _buffers[index];

    /// <summary>The buffer of the input named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No checked input has that name.</exception>
    public Span<T> this[string name] => _buffers[IndexOf(name)];

    /// <summary>The buffer of the rank-2 input at <paramref name="index"/>, as a <c>[rows, columns]</c> tensor span.</summary>
    public TensorSpan<T> Tensor(int index)
    {
        GradCheckInput<T> input = _inputs[index];
        if (input.Rank != 2)
            throw new InvalidOperationException($"'{input.Name}' is a rank-1 input; use gradients[\"{input.Name}\"] for its gradient.");
        return new TensorSpan<T>(_buffers[index], [input.Rows, input.Columns]);
    }

    /// <summary>The buffer of the rank-2 input named <paramref name="name"/>, as a <c>[rows, columns]</c> tensor span.</summary>
    public TensorSpan<T> Tensor(string name) => Tensor(IndexOf(name));

    internal T[] Buffer(int index) => _buffers[index];

    private int IndexOf(string name)
    {
        for (int i = 0; i < _inputs.Length; i++)
            if (_inputs[i].Name == name) return i;
        throw new KeyNotFoundException($"No checked input is named '{name}'. The inputs are: {string.Join(", ", _inputs.Select(x => x.Name))}.");
    }
}

/// <summary>Options of <see cref="GradCheck"/>. Every <see langword="null"/> property takes its default.</summary>
public sealed record GradCheckOptions
{
    internal static readonly GradCheckOptions Default = new();

    /// <summary>The relative step: element <c>x</c> moves by <c>Step · max(1, |x|)</c>. Default: the cube root of the type's epsilon.</summary>
    public double? Step { get; init; }

    /// <summary><c>atol</c> in <c>|analytic - numeric| ≤ atol + rtol · |numeric|</c>. Default 1e-5 (double), 1e-3 (float).</summary>
    public double? AbsoluteTolerance { get; init; }

    /// <summary><c>rtol</c> in <c>|analytic - numeric| ≤ atol + rtol · |numeric|</c>. Default 1e-3 (double), 1e-2 (float).</summary>
    public double? RelativeTolerance { get; init; }

    /// <summary>
    /// Checks at most this many evenly spaced elements of each input (every element when <see langword="null"/>, the
    /// default). Each checked element costs two forward evaluations.
    /// </summary>
    public int? MaxElementsPerInput { get; init; }
}

/// <summary>The comparison for one input.</summary>
/// <param name="Name">The input's name.</param>
/// <param name="Rank">1 or 2.</param>
/// <param name="Rows">The number of rows (the length, for rank 1).</param>
/// <param name="Columns">The number of columns (1 for rank 1).</param>
/// <param name="Elements">The number of elements of the input.</param>
/// <param name="Checked">How many elements were compared (fewer than <paramref name="Elements"/> only with <see cref="GradCheckOptions.MaxElementsPerInput"/>).</param>
/// <param name="MaxAbsoluteError">The largest <c>|analytic - numeric|</c>; +∞ when either side is NaN or infinite.</param>
/// <param name="MaxRelativeError">
/// The largest <c>|analytic - numeric| / max(|analytic|, |numeric|, atol / rtol)</c> (0 when both are 0). The floor
/// <c>atol / rtol</c> is where the tolerance turns absolute, so every element that passed has a relative error of at most
/// <c>2 · rtol</c>, and a near-zero gradient entry cannot report a large relative error while passing.
/// </param>
/// <param name="WorstIndex">
/// The flat (row-major) index of the element whose error used the largest share of its tolerance
/// (<c>|analytic - numeric| / (atol + rtol · |numeric|)</c>, the first NaN or infinity if there is one); -1 for an
/// empty input.
/// </param>
/// <param name="WorstAnalytic">The gradient the method wrote at <paramref name="WorstIndex"/>.</param>
/// <param name="WorstNumeric">The central difference at <paramref name="WorstIndex"/>.</param>
/// <param name="Failures">How many checked elements violated the tolerance.</param>
public sealed record GradCheckResult(
    string Name, int Rank, int Rows, int Columns, int Elements, int Checked,
    double MaxAbsoluteError, double MaxRelativeError,
    int WorstIndex, double WorstAnalytic, double WorstNumeric, int Failures)
{
    /// <summary>Every checked element is within tolerance.</summary>
    public bool Passed => Failures == 0;

    /// <summary><see cref="WorstIndex"/> as <c>[i]</c> or <c>[row, column]</c>; empty when there is none.</summary>
    public string WorstPosition => WorstIndex < 0 ? ""
        : Rank == 2 && Columns > 0 ? $"[{WorstIndex / Columns}, {WorstIndex % Columns}]"
        : $"[{WorstIndex}]";
}

/// <summary>The outcome of <see cref="GradCheck"/>: one <see cref="GradCheckResult"/> per input and the overall verdict.</summary>
public sealed class GradCheckReport
{
    internal GradCheckReport(double forwardLoss, double gradientLoss, bool lossesAgree, double atol, double rtol, double step, GradCheckResult[] inputs)
    {
        ForwardLoss = forwardLoss;
        GradientLoss = gradientLoss;
        LossesAgree = lossesAgree;
        AbsoluteTolerance = atol;
        RelativeTolerance = rtol;
        Step = step;
        Inputs = inputs;
    }

    /// <summary>The loss computed by the forward delegate at the unperturbed inputs.</summary>
    public double ForwardLoss { get; }

    /// <summary>The loss returned by the gradient delegate.</summary>
    public double GradientLoss { get; }

    /// <summary>The two losses agree within the tolerances (or are both NaN, or the same infinity).</summary>
    public bool LossesAgree { get; }

    /// <summary>The atol used.</summary>
    public double AbsoluteTolerance { get; }

    /// <summary>The rtol used.</summary>
    public double RelativeTolerance { get; }

    /// <summary>The relative step used.</summary>
    public double Step { get; }

    /// <summary>One result per input, in the order they were passed.</summary>
    public IReadOnlyList<GradCheckResult> Inputs { get; }

    /// <summary>The losses agree and every input passed.</summary>
    public bool Passed => LossesAgree && Inputs.All(r => r.Passed);

    /// <summary>The result of the input named <paramref name="name"/>.</summary>
    public GradCheckResult this[string name]
        => Inputs.FirstOrDefault(r => r.Name == name) ?? throw new KeyNotFoundException($"No input named '{name}' was checked.");

    /// <summary>Throws <see cref="GradCheckException"/> with this report's table unless <see cref="Passed"/>.</summary>
    public void ThrowIfFailed()
    {
        if (!Passed) throw new GradCheckException(this);
    }

    /// <summary>A table: one line per input with its errors, the worst element and the verdict.</summary>
    public override string ToString()
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(c, $"GradCheck {(Passed ? "passed" : "FAILED")} (atol {AbsoluteTolerance:G3}, rtol {RelativeTolerance:G3}, step {Step:G3}); ");
        sb.Append(c, $"loss {ForwardLoss:G10} (forward), {GradientLoss:G10} (with gradient){(LossesAgree ? "" : ": MISMATCH")}").AppendLine();
        int width = Math.Max(5, Inputs.Max(r => r.Name.Length));
        sb.Append("input".PadRight(width)).AppendLine("  elements   max abs err   max rel err   worst at       analytic        numeric   result");
        foreach (GradCheckResult r in Inputs)
        {
            string count = r.Checked == r.Elements ? r.Elements.ToString(c) : $"{r.Checked}/{r.Elements}";
            sb.Append(r.Name.PadRight(width)).Append("  ")
              .Append(count.PadLeft(8)).Append("  ")
              .Append(r.MaxAbsoluteError.ToString("G3", c).PadLeft(12)).Append("  ")
              .Append(r.MaxRelativeError.ToString("G3", c).PadLeft(12)).Append("  ")
              .Append(r.WorstPosition.PadRight(9)).Append("  ")
              .Append(r.WorstAnalytic.ToString("G6", c).PadLeft(13)).Append("  ")
              .Append(r.WorstNumeric.ToString("G6", c).PadLeft(13)).Append("  ")
              .AppendLine(r.Passed ? "ok" : $"FAILED ({r.Failures} element{(r.Failures == 1 ? "" : "s")})");
        }
        return sb.ToString();
    }
}

/// <summary>Thrown by <see cref="GradCheckReport.ThrowIfFailed"/>; the message is the report's table.</summary>
public sealed class GradCheckException : Exception
{
    /// <summary>Creates the exception for a failed report.</summary>
    public GradCheckException(GradCheckReport report) : base(report?.ToString()) => Report = report!;

    /// <summary>The failed report.</summary>
    public GradCheckReport Report { get; }
}
