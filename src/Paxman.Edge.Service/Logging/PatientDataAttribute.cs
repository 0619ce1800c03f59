using Microsoft.Extensions.Compliance.Classification;

namespace Paxman.Edge.Service.Logging;

/// <summary>Marks a value as <see cref="EdgeTaxonomy.PatientReference"/>: logged only as <c>***</c>.</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field)]
public sealed class PatientDataAttribute : DataClassificationAttribute
{
    public PatientDataAttribute()
        : base(EdgeTaxonomy.PatientReference)
    {
    }
}
