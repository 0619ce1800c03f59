using Paxman.Edge.Core.Control;

namespace Paxman.Edge.Core.Tests.Control;

public sealed class PidControllerTests
{
    [Fact]
    public void Warmer_than_the_setpoint_asks_for_more_cooling()
    {
        var pid = new PidController(kp: 10, ki: 0, kd: 0, derivativeFilterSeconds: 1, outputMin: 0, outputMax: 100);
        Assert.Equal(30, pid.Update(setpoint: -4, measurement: -1, dtSeconds: 0.1), precision: 9);
        Assert.Equal(0, pid.Update(setpoint: -4, measurement: -6, dtSeconds: 0.1), precision: 9);
    }

    [Fact]
    public void The_integral_is_frozen_while_the_output_saturates_so_it_does_not_wind_up()
    {
        var pid = new PidController(kp: 10, ki: 1, kd: 0, derivativeFilterSeconds: 1, outputMin: 0, outputMax: 100);
        pid.Start(0, 20);
        for (var i = 0; i < 6000; i++)
        {
            pid.Update(-4, 20, 0.1);
        }

        Assert.Equal(100, pid.Output);

        // Just below the setpoint the output is what the integral holds: had it wound up while saturated for ten
        // minutes, it would stay at 100 % and over-cool for a long time.
        for (var i = 0; i < 10; i++)
        {
            pid.Update(-4, -4.01, 0.1);
        }

        Assert.True(pid.Output < 1, $"output {pid.Output}: the integral wound up while saturated");
    }

    [Fact]
    public void The_integral_removes_a_steady_offset()
    {
        var pid = new PidController(kp: 10, ki: 0.5, kd: 0, derivativeFilterSeconds: 1, outputMin: 0, outputMax: 100);
        pid.Start(0, -3.9);
        var first = pid.Update(-4, -3.9, 0.1);
        for (var i = 0; i < 100; i++)
        {
            pid.Update(-4, -3.9, 0.1);
        }

        Assert.Equal(first + (0.5 * 0.1 * 100 * 0.1), pid.Output, precision: 6);
    }

    [Fact]
    public void Derivative_acts_on_the_measurement_so_a_setpoint_change_does_not_kick()
    {
        var pid = new PidController(kp: 0, ki: 0, kd: 100, derivativeFilterSeconds: 0.0001, outputMin: -1000, outputMax: 1000);
        pid.Start(0, -4);
        pid.Update(-4, -4, 0.1);
        Assert.Equal(0, pid.Update(-10, -4, 0.1), precision: 6);

        // A measurement rising at 1 C/s asks for 100 % more.
        Assert.Equal(100, pid.Update(-10, -3.9, 0.1), tolerance: 0.5);
    }

    [Fact]
    public void The_derivative_filter_smooths_a_noisy_measurement()
    {
        var fast = new PidController(0, 0, 10, derivativeFilterSeconds: 0.0001, outputMin: -1000, outputMax: 1000);
        var smooth = new PidController(0, 0, 10, derivativeFilterSeconds: 2, outputMin: -1000, outputMax: 1000);
        fast.Start(0, 0);
        smooth.Start(0, 0);
        double fastSwing = 0, smoothSwing = 0;
        for (var i = 0; i < 200; i++)
        {
            var noisy = i % 2 == 0 ? 0.05 : -0.05;
            fastSwing = Math.Max(fastSwing, Math.Abs(fast.Update(0, noisy, 0.1)));
            smoothSwing = Math.Max(smoothSwing, Math.Abs(smooth.Update(0, noisy, 0.1)));
        }

        Assert.True(smoothSwing < fastSwing / 10, $"filtered {smoothSwing} vs raw {fastSwing}");
    }

    [Fact]
    public void A_start_is_bumpless()
    {
        var pid = new PidController(kp: 10, ki: 0.1, kd: 0, derivativeFilterSeconds: 1, outputMin: 0, outputMax: 100);
        pid.Start(currentOutput: 45, measurement: -4);

        Assert.Equal(45, pid.Update(-4, -4, 0.1), precision: 6);
    }

    [Fact]
    public void New_gains_are_taken_without_a_jump()
    {
        var pid = new PidController(kp: 10, ki: 0.1, kd: 0, derivativeFilterSeconds: 1, outputMin: 0, outputMax: 100);
        pid.Start(40, -3.5);
        var before = pid.Update(-4, -3.5, 0.1);
        pid.SetGains(30, 0.1, 0, setpoint: -4);

        Assert.Equal(before, pid.Update(-4, -3.5, 0), precision: 6);
    }

    [Fact]
    public void The_output_stays_within_its_limits()
    {
        var pid = new PidController(kp: 1000, ki: 10, kd: 0, derivativeFilterSeconds: 1, outputMin: 0, outputMax: 100);
        Assert.Equal(100, pid.Update(-4, 30, 0.1));
        Assert.Equal(0, pid.Update(-4, -30, 0.1));
    }
}
