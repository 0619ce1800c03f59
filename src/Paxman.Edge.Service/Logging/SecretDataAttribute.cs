using Microsoft.Extensions.Compliance.Classification;

namespace Paxman.Edge.Service.Logging;

/// <summary>Marks a value as <see cref="EdgeTaxonomy.Secret"/>: logged only as <c>***</c>.</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field)]
public sealed class SecretDataAttribute : DataClassificationAttribute
{
    public SecretDataAttribute()
        : base(EdgeTaxonomy.Secret)
    {
    }
}
