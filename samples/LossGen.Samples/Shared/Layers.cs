namespace LossGen.Samples.Shared;

/// <summary>A trainable tensor and its gradient, flat.</summary>
public sealed class Param(string name, int size)
{
    public string Name { get; } = name;
    public float[] Value { get; } = new float[size];
    public float[] Grad { get; } = new float[size];
}

/// <summary>
/// A fully connected layer z = x·W + b. The backward pass is the hand-written chain rule through the layer:
/// it turns ∂loss/∂z (from a generated <c>WithGradient</c> method, or from the layer above) into ∂loss/∂W,
/// ∂loss/∂b and ∂loss/∂x.
/// </summary>
public sealed class Dense
{
    public Dense(string name, int inputs, int outputs, Rng rng, float gain = 1f, bool bias = true)
    {
        Inputs = inputs;
        Outputs = outputs;
        Weight = new Param(name + ".W", inputs * outputs);
        Bias = bias ? new Param(name + ".b", outputs) : null;
        _zeroBias = bias ? [] : new float[outputs];
        // Glorot-style scale: keeps activations of the same order through the layer.
        float std = gain * MathF.Sqrt(2f / (inputs + outputs));
        for (int i = 0; i < Weight.Value.Length; i++) Weight.Value[i] = rng.Gaussian(0, std);
    }

    private readonly float[] _zeroBias;

    public int Inputs { get; }
    public int Outputs { get; }
    public Param Weight { get; }
    public Param? Bias { get; }

    public IEnumerable<Param> Parameters => Bias is null ? [Weight] : [Weight, Bias];

    private Matrix W => new(Inputs, Outputs, Weight.Value);

    public void Forward(Matrix x, Matrix z)
        => LinAlg.MatMulAddBias(x, W, Bias?.Value ?? _zeroBias, z);

    public Matrix Forward(Matrix x)
    {
        var z = new Matrix(x.Rows, Outputs);
        Forward(x, z);
        return z;
    }

    /// <summary>Accumulates ∂loss/∂W and ∂loss/∂b from ∂loss/∂z; writes ∂loss/∂x when <paramref name="dx"/> is given.</summary>
    public void Backward(Matrix x, Matrix dz, Matrix? dx)
    {
        LinAlg.AddTransposedProduct(x, dz, Weight.Grad);
        if (Bias is not null) LinAlg.AddColumnSums(dz, Bias.Grad);
        if (dx is not null) LinAlg.MatMulTransposed(dz, W, dx);
    }
}

/// <summary>Element-wise tanh and its derivative, in place.</summary>
public static class Tanh
{
    public static void Forward(Matrix z, Matrix h)
    {
        System.Numerics.Tensors.TensorPrimitives.Tanh(z.Data, h.Data);
    }

    /// <summary>dz = dh · (1 - h²), given the layer's output h.</summary>
    public static void Backward(Matrix h, Matrix dh, Matrix dz)
    {
        for (int i = 0; i < h.Data.Length; i++)
        {
            float hi = h.Data[i];
            dz.Data[i] = dh.Data[i] * (1 - hi * hi);
        }
    }
}

/// <summary>
/// A multilayer perceptron: Dense → tanh → … → Dense, with no activation on the output (logits or raw values).
/// <see cref="Forward"/> keeps the activations of its last call for <see cref="Backward"/>.
/// </summary>
public sealed class Mlp
{
    private readonly Dense[] _layers;
    private readonly Matrix[] _inputs;

    /// <param name="sizes">Input width, hidden widths, output width: [in, out] is a linear model.</param>
    public Mlp(string name, int[] sizes, Rng rng)
    {
        _layers = new Dense[sizes.Length - 1];
        for (int i = 0; i < _layers.Length; i++)
            _layers[i] = new Dense($"{name}{i}", sizes[i], sizes[i + 1], rng, gain: i < _layers.Length - 1 ? 1.5f : 1f);
        _inputs = new Matrix[_layers.Length];
    }

    public IEnumerable<Param> Parameters => _layers.SelectMany(l => l.Parameters);

    public Dense Output => _layers[^1];

    public Matrix Forward(Matrix x)
    {
        Matrix a = x;
        for (int i = 0; i < _layers.Length; i++)
        {
            _inputs[i] = a;
            Matrix z = _layers[i].Forward(a);
            if (i < _layers.Length - 1) Tanh.Forward(z, z);
            a = z;
        }
        return a;
    }

    /// <summary>Backpropagates ∂loss/∂output through the layers of the last <see cref="Forward"/>, accumulating gradients.</summary>
    public void Backward(Matrix dOutput)
    {
        Matrix d = dOutput;
        for (int i = _layers.Length - 1; i >= 0; i--)
        {
            Matrix? dx = i > 0 ? new Matrix(d.Rows, _layers[i].Inputs) : null;
            _layers[i].Backward(_inputs[i], d, dx);
            if (dx is null) break;
            // _inputs[i] is tanh's output h: ∂loss/∂(pre-activation) = ∂loss/∂h · (1 − h²).
            Tanh.Backward(_inputs[i], dx, dx);
            d = dx;
        }
    }
}
