using Paxman.Edge.Core.Billing;
using Paxman.Edge.Core.Records;

namespace Paxman.Edge.Core.Tests.Billing;

public sealed class BillingCalculatorTests
{
    // Lines written as "code x units" joined by ", ".
    [Theory]
    [InlineData(true, true, 0, "full", "97007x1, 97008x1")]
    [InlineData(true, true, 1799, "full", "97007x1, 97008x1")]
    [InlineData(true, true, 1800, "full", "97007x1, 97008x1, 97009x1")]
    [InlineData(true, true, 3600, "full", "97007x1, 97008x1, 97009x2")]
    [InlineData(false, true, 3600, "full", "97008x1, 97009x2")]
    [InlineData(false, true, 5400, "full", "97008x1, 97009x3")]
    [InlineData(false, true, 959, "midpoint", "97008x1")]
    [InlineData(true, true, 960, "midpoint", "97007x1, 97008x1, 97009x1")]
    [InlineData(false, true, 2760, "midpoint", "97008x1, 97009x2")]
    [InlineData(true, false, 0, "full", "")]
    [InlineData(true, false, 3600, "full", "")] // 97009 is an add-on to 97008: never without pre-cooling
    [InlineData(false, false, 3600, "midpoint", "")]
    public void Lines_Table_BillsWhatTheSessionEarned(bool initialFitting, bool precoolStarted, long postcoolSeconds, string rule, string expected)
    {
        var billingRule = rule == "full" ? BillingRules.FullIncrements : BillingRules.Midpoint;

        var lines = BillingCalculator.Lines(initialFitting, precoolStarted, postcoolSeconds, billingRule);

        Assert.Equal(expected, string.Join(", ", lines.Select(l => $"{l.Code}x{l.Units}")));
        Assert.All(lines, l => Assert.True(l.Units > 0));
    }

    [Fact]
    public void Lines_NoPrecool_IsEmpty() =>
        Assert.Empty(BillingCalculator.Lines(initialFitting: true, precoolStarted: false, 7200, BillingRules.Default));

    [Fact]
    public void Lines_InitialFittingFalse_HasNo97007() =>
        Assert.DoesNotContain(BillingCalculator.Lines(initialFitting: false, precoolStarted: true, 7200, BillingRules.Default), l => l.Code == BillingCalculator.InitialFittingCode);

    [Fact]
    public void Lines_FullSession_AreRecordLinesInCodeOrder()
    {
        var lines = BillingCalculator.Lines(initialFitting: true, precoolStarted: true, 7200, BillingRules.Default);

        Assert.Equal([new BillingLine("97007", 1), new BillingLine("97008", 1), new BillingLine("97009", 4)], lines);
    }

    [Fact]
    public void Lines_NegativeSeconds_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => BillingCalculator.Lines(true, true, -1, BillingRules.Default));
}
