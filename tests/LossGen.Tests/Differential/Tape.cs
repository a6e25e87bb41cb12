namespace LossGen.Tests.Differential;

/// <summary>
/// A scalar reverse-mode tape in double precision: every element of every value the reference interpreter computes
/// is one entry, with its parents and the local partial derivatives. Written for the differential fuzzer only; it
/// shares nothing with the compiler's symbolic differentiator.
/// </summary>
internal sealed class Tape(double largest, double smallest)
{
    private readonly List<double> _values = new();
    private readonly List<bool> _rough = new();
    private readonly List<bool> _kink = new();
    private readonly List<bool> _outOfRange = new();
    private readonly List<bool> _inexact = new();
    private readonly List<bool> _fromInexact = new();
    private readonly List<double> _largest = new();
    private readonly List<int> _firstEdge = new();
    private readonly List<int> _parents = new();
    private readonly List<double> _weights = new();
    private readonly List<double> _weightScales = new();

    public int Count => _values.Count;

    public double Value(int id) => _values[id];

    /// <summary>Whether the entry depends on an operation evaluated at or near a kink, a tie or a branch boundary.</summary>
    public bool IsRough(int id) => _rough[id];

    public int Leaf(double value)
    {
        _firstEdge.Add(_parents.Count);
        _values.Add(value);
        bool outOfRange = OutOfRange(value);
        _rough.Add(outOfRange);
        _kink.Add(false);
        _outOfRange.Add(outOfRange);
        _inexact.Add(false);
        _fromInexact.Add(false);
        _largest.Add(double.IsFinite(value) ? Math.Abs(value) : 0);
        return _values.Count - 1;
    }

    /// <param name="weightScale">the magnitude of the terms a derivative formula for this partial combines (σ for
    /// σ·(1 − σ), 1 for 1 − tanh²), when it exceeds the partial itself: its rounding error scales with it.</param>
    public int Unary(double value, int parent, double weight, bool nearKink = false, double? weightScale = null)
    {
        int id = Begin(value, nearKink, _rough[parent]);
        _fromInexact[id] = _fromInexact[parent];
        _largest[id] = Math.Max(_largest[id], _largest[parent]);
        Edge(parent, weight, weightScale);
        return id;
    }

    public int Binary(double value, int a, double wa, int b, double wb, bool nearKink = false)
    {
        int id = Begin(value, nearKink, _rough[a] || _rough[b]);
        _fromInexact[id] = _fromInexact[a] || _fromInexact[b];
        _largest[id] = Math.Max(_largest[id], Math.Max(_largest[a], _largest[b]));
        Edge(a, wa);
        Edge(b, wb);
        return id;
    }

    /// <param name="illConditioned">the operation's rounding error in the method's type is beyond any tolerance
    /// (softmax weights of logits so large that their differences lose all digits): treated as out of range.</param>
    public int Nary(double value, IReadOnlyList<int> parents, IReadOnlyList<double> weights, bool nearKink = false, bool illConditioned = false)
    {
        bool rough = false;
        foreach (int p in parents) rough |= _rough[p];
        int id = Begin(value, nearKink, rough);
        if (illConditioned)
        {
            _rough[id] = true;
            _outOfRange[id] = true;
        }
        for (int k = 0; k < parents.Count; k++)
        {
            Edge(parents[k], weights[k]);
            _fromInexact[id] |= _fromInexact[parents[k]];
            _largest[id] = Math.Max(_largest[id], _largest[parents[k]]);
        }
        return id;
    }

    /// <summary>
    /// Beyond <c>largest</c> or below <c>smallest</c> in magnitude (but not 0), the method's element type overflows
    /// or underflows where double does not, and which constants the compiler folds in double decides the outcome: such
    /// values are compared for nothing but their NaN/∞ pattern.
    /// </summary>
    private bool OutOfRange(double v) => double.IsFinite(v) && v != 0 && (Math.Abs(v) > largest || Math.Abs(v) < smallest);

    private int Begin(double value, bool nearKink, bool roughParent)
    {
        _firstEdge.Add(_parents.Count);
        _values.Add(value);
        bool outOfRange = OutOfRange(value);
        _rough.Add(nearKink || roughParent || outOfRange);
        _kink.Add(nearKink);
        _outOfRange.Add(outOfRange);
        _inexact.Add(false);
        _fromInexact.Add(false);
        _largest.Add(double.IsFinite(value) ? Math.Abs(value) : 0);
        return _values.Count - 1;
    }

    /// <summary>
    /// Marks an entry whose value the method's element type cannot reproduce to the comparison's tolerance (a sum
    /// whose terms cancel far beyond the type's precision: 1e30 − 1e30 + 0.7 in float). Its own value is still
    /// compared through the loss's rounding-error scale, but the derivatives of everything computed from it (σ′ of a
    /// mean that float got wrong by 0.1) are not: its parents' gradient entries are unreliable.
    /// </summary>
    public void MarkInexact(int id)
    {
        _inexact[id] = true;
        _fromInexact[id] = true;
    }

    /// <summary>Whether the entry was computed from an inexact one (<see cref="MarkInexact"/>): a per-row loss that is
    /// compared on its own, without the loss's rounding-error scale, is then not comparable.</summary>
    public bool IsFromInexact(int id) => _fromInexact[id];

    /// <summary>The largest finite magnitude among the entry and everything it was computed from.</summary>
    public double Largest(int id) => _largest[id];

    private void Edge(int parent, double weight, double? weightScale = null)
    {
        _parents.Add(parent);
        _weights.Add(weight);
        _weightScales.Add(Math.Max(Math.Abs(weight), weightScale ?? 0));
    }

    /// <summary>
    /// The adjoint of every entry, the same sum over paths with every term taken in magnitude (the scale of the
    /// cancellations a gradient may go through, and so of its rounding error), with respect to <paramref name="root"/>, and whether it is trustworthy: an entry is
    /// <c>unreliable</c> when some path from the root reaches it through an infinite or NaN value or local
    /// derivative (0·∞ territory, where the value depends on how the derivative is written), and <c>nearKink</c>
    /// when the path crosses an operation near a kink (finite differences do not apply there). A zero adjoint adds
    /// nothing, even through an infinite local derivative: the unselected side of a where never contributes.
    /// </summary>
    public (double[] Adjoint, double[] AbsoluteAdjoint, bool[] Unreliable, bool[] NearKink, double ErrorScale) Backward(int root)
    {
        double errorScale = 0;
        var absolute = new double[root + 1];
        absolute[root] = 1;
        var adjoint = new double[root + 1];
        var unreliable = new bool[root + 1];
        var nearKink = new bool[root + 1];
        var reached = new bool[root + 1];
        adjoint[root] = 1;
        reached[root] = true;
        for (int i = root; i >= 0; i--)
        {
            if (!reached[i]) continue;
            double a = adjoint[i];
            int end = i + 1 < _firstEdge.Count ? _firstEdge[i + 1] : _parents.Count;
            bool badHere = unreliable[i] || !double.IsFinite(_values[i]) || !double.IsFinite(a) || _outOfRange[i] || _inexact[i];
            double magnitude = Math.Abs(_values[i]);
            bool kinkHere = nearKink[i] || _kink[i];
            for (int e = _firstEdge[i]; e < end; e++)
            {
                int p = _parents[e];
                double w = _weights[e];
                reached[p] = true;
                if (a != 0) adjoint[p] += w * a;
                if (absolute[i] != 0) absolute[p] += _weightScales[e] * absolute[i];
                if (badHere || !double.IsFinite(w)) unreliable[p] = true;
                if (kinkHere) nearKink[p] = true;
                magnitude += Math.Abs(w * _values[p]);
            }
            // First-order rounding error: each entry's own rounding (relative to its value and to the terms it
            // combines) times the loss's sensitivity to it.
            if (double.IsFinite(magnitude) && double.IsFinite(a)) errorScale += Math.Abs(a) * magnitude;
        }
        return (adjoint, absolute, unreliable, nearKink, errorScale);
    }
}
