using Paxman.Edge.Core.Billing;

namespace Paxman.Edge.Core.Tests.Billing;

public sealed class BillingRuleTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 0)]
    [InlineData(1799, 0)]
    [InlineData(1800, 1)]
    [InlineData(3599, 1)]
    [InlineData(3600, 2)]
    [InlineData(89 * 60, 2)]
    [InlineData(90 * 60, 3)] // 5400 s
    [InlineData(5399, 2)]
    public void PostcoolUnits_FullIncrements_CountsWholeHalfHours(long seconds, int expected) =>
        Assert.Equal(expected, BillingRules.FullIncrements.PostcoolUnits(seconds));

    [Theory]
    [InlineData(0, 0)]
    [InlineData(959, 0)]
    [InlineData(960, 1)] // 16 minutes
    [InlineData(2759, 1)]
    [InlineData(2760, 2)] // 46 minutes
    [InlineData(4559, 2)]
    [InlineData(4560, 3)] // 76 minutes
    [InlineData(5400, 3)]
    [InlineData(89 * 60, 3)]
    public void PostcoolUnits_Midpoint_CountsFromHalfwayThroughEachHalfHour(long seconds, int expected) =>
        Assert.Equal(expected, BillingRules.Midpoint.PostcoolUnits(seconds));

    [Fact]
    public void PostcoolUnits_AnyRuleAndSeconds_FollowsItsFormula()
    {
        for (long s = 0; s <= 4 * 3600; s++)
        {
            Assert.Equal(s / 1800, BillingRules.FullIncrements.PostcoolUnits(s));
            Assert.Equal((s + 840) / 1800, BillingRules.Midpoint.PostcoolUnits(s));
        }
    }

    [Fact]
    public void PostcoolUnits_NegativeSeconds_IsRefused()
    {
        foreach (var rule in BillingRules.All)
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => rule.PostcoolUnits(-1));
        }
    }

    [Fact]
    public void PostcoolUnits_HugeSeconds_NeitherOverflowsQuietlyNorWraps()
    {
        Assert.Throws<OverflowException>(() => BillingRules.FullIncrements.PostcoolUnits(long.MaxValue));
        Assert.Throws<OverflowException>(() => BillingRules.Midpoint.PostcoolUnits(long.MaxValue));
    }

    [Theory]
    [InlineData("cpt-2026/full-30-minute-increments")]
    [InlineData("cpt-2026/midpoint")]
    public void FromName_KnownName_GivesTheRuleOfThatName(string name)
    {
        Assert.Equal(name, BillingRules.FromName(name).Name);
        Assert.Same(BillingRules.FromName(name), BillingRule.FromName(name));
    }

    [Theory]
    [InlineData("")]
    [InlineData("midpoint")]
    [InlineData("CPT-2026/MIDPOINT")]
    [InlineData("cpt-2026/midpoint ")]
    public void FromName_UnknownName_IsRefusedNamingTheValidOnes(string name)
    {
        var e = Assert.Throws<ArgumentException>(() => BillingRules.FromName(name));

        Assert.Contains("cpt-2026/full-30-minute-increments", e.Message, StringComparison.Ordinal);
        Assert.Contains("cpt-2026/midpoint", e.Message, StringComparison.Ordinal);
        Assert.Contains($"\"{name}\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_IsFullIncrements()
    {
        Assert.Same(BillingRules.FullIncrements, BillingRules.Default);
        Assert.Equal(FullIncrementsRule.RuleName, BillingRules.Default.Name);
    }
}
