using LossGen.Runtime.Tests.Reference;

namespace LossGen.Runtime.Tests.Infrastructure;

/// <summary>Every LossMath function under test, in all forms, with its reference.</summary>
internal static class Functions
{
    public static readonly FloatFunction ExpF = new("Exp<float>", LossMath.Exp, LossMath.Exp, LossMath.Exp, LossMath.Exp, FloatReference.Exp);
    public static readonly FloatFunction LogF = new("Log<float>", LossMath.Log, LossMath.Log, LossMath.Log, LossMath.Log, FloatReference.Log);
    public static readonly FloatFunction Log1pF = new("Log1p<float>", LossMath.Log1p, LossMath.Log1p, LossMath.Log1p, LossMath.Log1p, FloatReference.Log1p);
    public static readonly FloatFunction Expm1F = new("Expm1<float>", LossMath.Expm1, LossMath.Expm1, LossMath.Expm1, LossMath.Expm1, FloatReference.Expm1);
    public static readonly FloatFunction SoftplusF = new("Softplus<float>", LossMath.Softplus, LossMath.Softplus, LossMath.Softplus, LossMath.Softplus, FloatReference.Softplus);
    public static readonly FloatFunction SigmoidF = new("Sigmoid<float>", LossMath.Sigmoid, LossMath.Sigmoid, LossMath.Sigmoid, LossMath.Sigmoid, FloatReference.Sigmoid);
    public static readonly FloatFunction LogSigmoidF = new("LogSigmoid<float>", LossMath.LogSigmoid, LossMath.LogSigmoid, LossMath.LogSigmoid, LossMath.LogSigmoid, FloatReference.LogSigmoid);
    public static readonly FloatFunction TanhF = new("Tanh<float>", LossMath.Tanh, LossMath.Tanh, LossMath.Tanh, LossMath.Tanh, FloatReference.Tanh);

    public static readonly FloatFunction SoftplusOfFusedF = new("SoftplusAndSigmoid<float>.softplus",
        x => LossMath.SoftplusAndSigmoid(x, out _), x => LossMath.SoftplusAndSigmoid(x, out _),
        x => LossMath.SoftplusAndSigmoid(x, out _), x => LossMath.SoftplusAndSigmoid(x, out _), FloatReference.Softplus);
    public static readonly FloatFunction SigmoidOfSoftplusFusedF = new("SoftplusAndSigmoid<float>.sigmoid",
        x => { LossMath.SoftplusAndSigmoid(x, out var s); return s; }, x => { LossMath.SoftplusAndSigmoid(x, out var s); return s; },
        x => { LossMath.SoftplusAndSigmoid(x, out var s); return s; }, x => { LossMath.SoftplusAndSigmoid(x, out var s); return s; },
        FloatReference.Sigmoid);
    public static readonly FloatFunction LogSigmoidOfFusedF = new("LogSigmoidAndSigmoid<float>.logSigmoid",
        x => LossMath.LogSigmoidAndSigmoid(x, out _), x => LossMath.LogSigmoidAndSigmoid(x, out _),
        x => LossMath.LogSigmoidAndSigmoid(x, out _), x => LossMath.LogSigmoidAndSigmoid(x, out _), FloatReference.LogSigmoid);
    public static readonly FloatFunction SigmoidOfLogSigmoidFusedF = new("LogSigmoidAndSigmoid<float>.sigmoid",
        x => { LossMath.LogSigmoidAndSigmoid(x, out var s); return s; }, x => { LossMath.LogSigmoidAndSigmoid(x, out var s); return s; },
        x => { LossMath.LogSigmoidAndSigmoid(x, out var s); return s; }, x => { LossMath.LogSigmoidAndSigmoid(x, out var s); return s; },
        FloatReference.Sigmoid);

    public static readonly DoubleFunction ExpD = new("Exp<double>", LossMath.Exp, LossMath.Exp, LossMath.Exp, LossMath.Exp, DDMath.Exp);
    public static readonly DoubleFunction LogD = new("Log<double>", LossMath.Log, LossMath.Log, LossMath.Log, LossMath.Log, x => DDMath.Log(x));
    public static readonly DoubleFunction Log1pD = new("Log1p<double>", LossMath.Log1p, LossMath.Log1p, LossMath.Log1p, LossMath.Log1p, DDMath.Log1p);
    public static readonly DoubleFunction Expm1D = new("Expm1<double>", LossMath.Expm1, LossMath.Expm1, LossMath.Expm1, LossMath.Expm1, DDMath.Expm1);
    public static readonly DoubleFunction SoftplusD = new("Softplus<double>", LossMath.Softplus, LossMath.Softplus, LossMath.Softplus, LossMath.Softplus, DDMath.Softplus);
    public static readonly DoubleFunction SigmoidD = new("Sigmoid<double>", LossMath.Sigmoid, LossMath.Sigmoid, LossMath.Sigmoid, LossMath.Sigmoid, DDMath.Sigmoid);
    public static readonly DoubleFunction LogSigmoidD = new("LogSigmoid<double>", LossMath.LogSigmoid, LossMath.LogSigmoid, LossMath.LogSigmoid, LossMath.LogSigmoid, DDMath.LogSigmoid);
    public static readonly DoubleFunction TanhD = new("Tanh<double>", LossMath.Tanh, LossMath.Tanh, LossMath.Tanh, LossMath.Tanh, x => DDMath.Tanh(x));

    public static readonly DoubleFunction SoftplusOfFusedD = new("SoftplusAndSigmoid<double>.softplus",
        x => LossMath.SoftplusAndSigmoid(x, out _), x => LossMath.SoftplusAndSigmoid(x, out _),
        x => LossMath.SoftplusAndSigmoid(x, out _), x => LossMath.SoftplusAndSigmoid(x, out _), DDMath.Softplus);
    public static readonly DoubleFunction SigmoidOfSoftplusFusedD = new("SoftplusAndSigmoid<double>.sigmoid",
        x => { LossMath.SoftplusAndSigmoid(x, out var s); return s; }, x => { LossMath.SoftplusAndSigmoid(x, out var s); return s; },
        x => { LossMath.SoftplusAndSigmoid(x, out var s); return s; }, x => { LossMath.SoftplusAndSigmoid(x, out var s); return s; },
        DDMath.Sigmoid);
    public static readonly DoubleFunction LogSigmoidOfFusedD = new("LogSigmoidAndSigmoid<double>.logSigmoid",
        x => LossMath.LogSigmoidAndSigmoid(x, out _), x => LossMath.LogSigmoidAndSigmoid(x, out _),
        x => LossMath.LogSigmoidAndSigmoid(x, out _), x => LossMath.LogSigmoidAndSigmoid(x, out _), DDMath.LogSigmoid);
    public static readonly DoubleFunction SigmoidOfLogSigmoidFusedD = new("LogSigmoidAndSigmoid<double>.sigmoid",
        x => { LossMath.LogSigmoidAndSigmoid(x, out var s); return s; }, x => { LossMath.LogSigmoidAndSigmoid(x, out var s); return s; },
        x => { LossMath.LogSigmoidAndSigmoid(x, out var s); return s; }, x => { LossMath.LogSigmoidAndSigmoid(x, out var s); return s; },
        DDMath.Sigmoid);
}
