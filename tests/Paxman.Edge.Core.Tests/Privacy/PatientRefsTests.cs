using System.Security.Cryptography;
using System.Text;
using Paxman.Edge.Core.Privacy;

namespace Paxman.Edge.Core.Tests.Privacy;

public sealed class PatientRefsTests
{
    // Expected values from: printf %s VALUE | openssl dgst -sha256 -hmac KEY (the first 32 hex digits), and RFC 4231
    // test case 2 for the last.
    [Theory]
    [InlineData("MRN-0012345", "unit-secret-key", "hmac:6cb66d298ed935325ef1678d25b45f7b")]
    [InlineData("Zoë Ünal 42", "clé-secrète", "hmac:375540e7b577d8e87083fcc557264c15")]
    [InlineData("what do ya want for nothing?", "Jefe", "hmac:5bdcc146bf60754e6a042426089575c7")]
    public void Protect_WithKey_IsTheTruncatedHmacOfOpenSsl(string patientRef, string key, string expected) =>
        Assert.Equal(expected, PatientRefs.Protect(patientRef, key));

    [Theory]
    [InlineData("MRN-0012345", "unit-secret-key")]
    [InlineData("x", "k")]
    [InlineData("😀 patient", "a much longer key than the sixty-four bytes of a SHA-256 block, so HMAC hashes it first")]
    public void Protect_WithKey_MatchesDotNetHmacSha256(string patientRef, string key)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(key));
        var expected = "hmac:" + Convert.ToHexStringLower(hmac.ComputeHash(Encoding.UTF8.GetBytes(patientRef)))[..32];

        var protectedRef = PatientRefs.Protect(patientRef, key);

        Assert.Equal(expected, protectedRef);
        Assert.Matches("^hmac:[0-9a-f]{32}$", protectedRef);
        Assert.DoesNotContain(patientRef, protectedRef, StringComparison.Ordinal);
    }

    [Fact]
    public void Protect_DifferentKeysOrValues_GiveDifferentReferences()
    {
        Assert.NotEqual(PatientRefs.Protect("MRN-1", "key-a"), PatientRefs.Protect("MRN-1", "key-b"));
        Assert.NotEqual(PatientRefs.Protect("MRN-1", "key-a"), PatientRefs.Protect("MRN-2", "key-a"));
        Assert.Equal(PatientRefs.Protect("MRN-1", "key-a"), PatientRefs.Protect("MRN-1", "key-a"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Protect_WithoutKey_LeavesTheValueUnchanged(string? key) =>
        Assert.Equal("MRN-0012345", PatientRefs.Protect("MRN-0012345", key));

    [Theory]
    [InlineData(null, "Patient reference is missing: enter it.")]
    [InlineData("", "Patient reference is empty: enter it.")]
    [InlineData("   ", "Patient reference is empty: enter it.")]
    [InlineData("\t", "Patient reference is empty: enter it.")]
    [InlineData("MRN\t1", "Patient reference contains a tab, line break or other control character: enter it on one line.")]
    [InlineData("MRN\n1", "Patient reference contains a tab, line break or other control character: enter it on one line.")]
    public void Validate_UnusableValue_SaysWhatToDo(string? value, string expected) =>
        Assert.Equal(expected, PatientRefs.Validate(value, "Patient reference"));

    [Fact]
    public void Validate_LongerThan64Characters_SaysTheLimitAndTheLength()
    {
        Assert.Null(PatientRefs.Validate(new string('7', 64), "Operator ID"));
        Assert.Equal("Operator ID is too long: at most 64 characters, this has 65.", PatientRefs.Validate(new string('7', 65), "Operator ID"));
    }

    [Theory]
    [InlineData("MRN-0012345")]
    [InlineData("nurse-17")]
    [InlineData("x")]
    [InlineData("Zoë Ünal")]
    [InlineData("hmac:6cb66d298ed935325ef1678d25b45f7b")]
    public void Validate_UsableValue_IsNull(string value) =>
        Assert.Null(PatientRefs.Validate(value, "Patient reference"));

    [Fact]
    public void Validate_Refusal_NeverRepeatsTheValue()
    {
        var value = "SECRET-" + new string('9', 70);

        var message = PatientRefs.Validate(value, "Patient reference");

        Assert.NotNull(message);
        Assert.DoesNotContain("SECRET", message, StringComparison.Ordinal);
    }
}
