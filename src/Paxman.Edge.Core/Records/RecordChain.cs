using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Paxman.Edge.Core.Journal;

namespace Paxman.Edge.Core.Records;

/// <summary>
/// The unit's hash chain of final records (README, "Session record"): each record's <c>hash</c> is the lowercase hex
/// SHA-256 of its canonical (RFC 8785) form without <c>hash</c>, and its <c>prevHash</c> is the previous record's hash.
/// </summary>
public static class RecordChain
{
    /// <summary>The first record's <c>prevHash</c>: 64 zeros.</summary>
    public const string Genesis = JournalContents.Genesis;

    /// <summary>
    /// Seals a final record: sets <see cref="SessionRecord.PrevHash"/> to <paramref name="prevHash"/>, then
    /// <see cref="SessionRecord.Hash"/> over the result. Publish <see cref="RecordJson.ToText"/> of the sealed record.
    /// </summary>
    /// <exception cref="ArgumentException">The record is still running (no outcome or end), already sealed, or <paramref name="prevHash"/> is not 64 lowercase hex digits.</exception>
    public static SessionRecord Seal(SessionRecord final, string prevHash)
    {
        ArgumentNullException.ThrowIfNull(final);
        if (final.Outcome is null || final.EndedAt is null)
        {
            throw new ArgumentException($"Session {final.SessionId} is still running (no outcome or end); only a final record is sealed.", nameof(final));
        }

        if (final.Hash is not null)
        {
            throw new ArgumentException($"Session {final.SessionId}'s record is already sealed.", nameof(final));
        }

        if (!IsHash(prevHash))
        {
            throw new ArgumentException($"prevHash \"{prevHash}\" is not 64 lowercase hex digits.", nameof(prevHash));
        }

        var chained = final with { PrevHash = prevHash };
        return chained with { Hash = Sha256Hex(CanonicalJson.SerializeToUtf8(RecordJson.ToJsonObject(chained))) };
    }

    /// <summary>The hash a published record's content gives: parse, drop <c>hash</c>, canonicalise, SHA-256.</summary>
    /// <exception cref="JsonException">The text is not a JSON object, or repeats a member name.</exception>
    /// <exception cref="ArgumentException">The value has no canonical form (a number beyond a double's range, a lone surrogate).</exception>
    public static string ComputeHash(string publishedJson)
    {
        ArgumentNullException.ThrowIfNull(publishedJson);
        var record = CanonicalJson.ParseStrict(publishedJson) as JsonObject
            ?? throw new JsonException("A record is a JSON object.");
        record.Remove("hash");
        return Sha256Hex(CanonicalJson.SerializeToUtf8(record));
    }

    /// <summary>
    /// Checks a published record: it is in canonical form (so no character of it can change unnoticed), its
    /// <c>hash</c> matches its content, its <c>prevHash</c> is <paramref name="expectedPrevHash"/>, and it is a
    /// well-formed record.
    /// </summary>
    /// <param name="problem">What is wrong, for a person; empty when the record verifies.</param>
    /// <exception cref="ArgumentException"><paramref name="expectedPrevHash"/> is not 64 lowercase hex digits.</exception>
    public static bool Verify(string publishedJson, string expectedPrevHash, out string problem)
    {
        ArgumentNullException.ThrowIfNull(publishedJson);
        if (!IsHash(expectedPrevHash))
        {
            throw new ArgumentException($"The expected prevHash \"{expectedPrevHash}\" is not 64 lowercase hex digits.", nameof(expectedPrevHash));
        }

        JsonObject record;
        string canonical;
        try
        {
            if (CanonicalJson.ParseStrict(publishedJson) is not JsonObject parsed)
            {
                problem = "The record is not a JSON object.";
                return false;
            }

            record = parsed;
            canonical = CanonicalJson.Serialize(record);
        }
        catch (JsonException e)
        {
            problem = $"The record is not valid JSON: {e.Message}";
            return false;
        }
        catch (ArgumentException e)
        {
            problem = $"The record has no canonical form: {e.Message}";
            return false;
        }

        if (!string.Equals(canonical, publishedJson, StringComparison.Ordinal))
        {
            problem = "The record's text is not in its canonical (RFC 8785) form, so it is not the text that was published.";
            return false;
        }

        if (!TryHashMember(record, "hash", out var claimed, out problem))
        {
            return false;
        }

        if (!TryHashMember(record, "prevHash", out var prev, out problem))
        {
            return false;
        }

        if (!string.Equals(prev, expectedPrevHash, StringComparison.Ordinal))
        {
            problem = $"prevHash {prev} does not chain to the previous record's hash {expectedPrevHash}.";
            return false;
        }

        record.Remove("hash");
        var actual = Sha256Hex(CanonicalJson.SerializeToUtf8(record));
        if (!string.Equals(actual, claimed, StringComparison.Ordinal))
        {
            problem = $"hash {claimed} does not match the record's content, which hashes to {actual}.";
            return false;
        }

        try
        {
            RecordJson.Parse(publishedJson);
        }
        catch (FormatException e)
        {
            problem = $"The record's hash holds, but it is not a well-formed record: {e.Message}";
            return false;
        }

        problem = string.Empty;
        return true;
    }

    /// <summary>
    /// Checks a run of published records, oldest first, each chaining to the one before and the first to
    /// <paramref name="anchor"/> (<see cref="Genesis"/>, or the pruning anchor).
    /// </summary>
    /// <param name="problem">Which record is wrong and how; empty when the whole run verifies.</param>
    public static bool VerifyChain(IEnumerable<string> publishedOldestFirst, string anchor, out string problem)
    {
        ArgumentNullException.ThrowIfNull(publishedOldestFirst);
        var expected = anchor;
        var index = 0;
        foreach (var published in publishedOldestFirst)
        {
            if (!Verify(published, expected, out var why))
            {
                problem = $"Record {index}: {why}";
                return false;
            }

            expected = ComputeHash(published);
            index++;
        }

        problem = string.Empty;
        return true;
    }

    /// <summary>True when <paramref name="text"/> is 64 lowercase hex digits, the form of a hash.</summary>
    public static bool IsHash(string? text)
    {
        if (text is not { Length: 64 })
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryHashMember(JsonObject record, string name, out string value, out string problem)
    {
        value = string.Empty;
        if (!record.TryGetPropertyValue(name, out var node) || node is null)
        {
            problem = $"The record has no {name}.";
            return false;
        }

        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.String || !v.TryGetValue(out string? text) || !IsHash(text))
        {
            problem = $"The record's {name} is not 64 lowercase hex digits.";
            return false;
        }

        value = text;
        problem = string.Empty;
        return true;
    }

    private static string Sha256Hex(byte[] utf8)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8, digest);
        return Convert.ToHexStringLower(digest);
    }
}
