namespace Paxman.Edge.Packaging.Tests;

/// <summary>Every test that needs the package shares one build of it.</summary>
[CollectionDefinition(Name)]
public sealed class SharedPackage : ICollectionFixture<PackageFixture>
{
    public const string Name = "package";
}
