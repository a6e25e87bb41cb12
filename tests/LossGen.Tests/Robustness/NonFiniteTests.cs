namespace LossGen.Tests.Robustness;

/// <summary>NaN and ±inf inputs propagate to the loss; the gradient is NaN only where the mathematics is undefined.</summary>
public class NonFiniteTests
{
    [Fact]
    public void NaN_input_makes_the_loss_NaN_and_only_its_own_gradient_NaN()
    {
        double[] y = new double[40], yhat = new double[40], dyhat = new double[40];
        for (int i = 0; i < 40; i++) { y[i] = i; yhat[i] = i + 0.5; }
        yhat[17] = double.NaN;
        double loss = SeedLosses.MseWithGradient(y, yhat, dyhat);
        Assert.True(double.IsNaN(loss));
        for (int i = 0; i < 40; i++)
            Assert.Equal(i == 17, double.IsNaN(dyhat[i]));
    }

    [Fact]
    public void Unselected_infinite_branch_does_not_leak_into_loss_or_gradient()
    {
        // hinge: max(0, 1 - y s); s = +inf with y = 1 selects 0, and the gradient there is 0, not NaN.
        double[] y = [1, -1], s = [double.PositiveInfinity, 0.25], ds = new double[2];
        double loss = SeedLosses.HingeWithGradient(y, s, ds);
        Assert.Equal(1.25 / 2, loss, 12);
        Assert.Equal(0, ds[0]);
        Assert.Equal(0.5, ds[1], 12);
    }
}
