namespace Paxman.Edge.Core.Tests.Sessions;

/// <summary>What makes a refusal's detail something a nurse can act on: a whole sentence, no code or exception text.</summary>
internal static class RefusalAssert
{
    public static void NurseReadable(string detail)
    {
        Assert.False(string.IsNullOrWhiteSpace(detail), "a refusal needs a detail");
        Assert.True(detail.Length >= 20, $"too short to act on: \"{detail}\"");
        Assert.True(char.IsLetter(detail[0]), $"a sentence starts with a word (or a field's name): \"{detail}\"");
        Assert.EndsWith(".", detail, StringComparison.Ordinal);
        foreach (var word in new[] { "Exception", "null", "NullReference", "   ", "{", "}" })
        {
            Assert.DoesNotContain(word, detail, StringComparison.Ordinal);
        }
    }
}
