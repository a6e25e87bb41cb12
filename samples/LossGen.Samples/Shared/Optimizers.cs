namespace LossGen.Samples.Shared;

/// <summary>Updates parameters from their accumulated gradients.</summary>
public abstract class Optimizer(IEnumerable<Param> parameters)
{
    protected IReadOnlyList<Param> Parameters { get; } = parameters.ToList();

    public void ZeroGrad()
    {
        foreach (Param p in Parameters) Array.Clear(p.Grad);
    }

    public abstract void Step();
}

/// <summary>Plain gradient descent, optionally with momentum.</summary>
public sealed class Sgd(IEnumerable<Param> parameters, float learningRate, float momentum = 0f) : Optimizer(parameters)
{
    private readonly Dictionary<Param, float[]> _velocity = new();

    public float LearningRate { get; set; } = learningRate;

    public override void Step()
    {
        foreach (Param p in Parameters)
        {
            if (momentum == 0f)
            {
                for (int i = 0; i < p.Value.Length; i++) p.Value[i] -= LearningRate * p.Grad[i];
                continue;
            }
            float[] v = Velocity(p);
            for (int i = 0; i < p.Value.Length; i++)
            {
                v[i] = momentum * v[i] + p.Grad[i];
                p.Value[i] -= LearningRate * v[i];
            }
        }
    }

    private float[] Velocity(Param p)
    {
        if (!_velocity.TryGetValue(p, out float[]? v)) _velocity[p] = v = new float[p.Value.Length];
        return v;
    }
}

/// <summary>Adam (Kingma &amp; Ba, 2015) with bias correction.</summary>
public sealed class Adam(IEnumerable<Param> parameters, float learningRate, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f)
    : Optimizer(parameters)
{
    private readonly Dictionary<Param, (float[] M, float[] V)> _moments = new();
    private int _t;

    public float LearningRate { get; set; } = learningRate;

    public override void Step()
    {
        _t++;
        float c1 = 1 - MathF.Pow(beta1, _t), c2 = 1 - MathF.Pow(beta2, _t);
        float stepSize = LearningRate * MathF.Sqrt(c2) / c1;
        foreach (Param p in Parameters)
        {
            if (!_moments.TryGetValue(p, out var state))
                _moments[p] = state = (new float[p.Value.Length], new float[p.Value.Length]);
            (float[] m, float[] v) = state;
            for (int i = 0; i < p.Value.Length; i++)
            {
                float g = p.Grad[i];
                m[i] = beta1 * m[i] + (1 - beta1) * g;
                v[i] = beta2 * v[i] + (1 - beta2) * g * g;
                p.Value[i] -= stepSize * m[i] / (MathF.Sqrt(v[i]) + epsilon);
            }
        }
    }
}

/// <summary>Learning-rate schedules, as a factor of the base rate.</summary>
public static class Schedule
{
    /// <summary>Cosine decay from 1 at step 0 to 0.01 at the last step.</summary>
    public static float Cosine(int step, int totalSteps)
        => totalSteps <= 1 ? 1f : 0.01f + 0.99f * 0.5f * (1 + MathF.Cos(MathF.PI * step / (totalSteps - 1)));
}
