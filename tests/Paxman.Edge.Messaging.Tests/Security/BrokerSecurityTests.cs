using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using Paxman.Edge.Core;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Messaging.Tests.Security;

/// <summary>
/// Broker security (README, "Broker security"): a real Mosquitto started by the test with the README's password file,
/// ACL and TLS listener, and a CA and certificates the test makes with openssl. Absence is proved without waiting:
/// after the forbidden message the same client sends an allowed one the same subscriber sees, and the broker keeps
/// one client's messages in order, so once the allowed one is in the forbidden one would be too.
/// </summary>
public sealed class BrokerSecurityTests(BrokerSecurityTests.Certificates certificates) : TestEnvironment, IClassFixture<BrokerSecurityTests.Certificates>
{
    private const string UnitOne = "PX-U1";
    private const string UnitTwo = "PX-U2";
    private const string Technician = "tech-1";
    private const string Billing = "billing";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    /// <summary>README's recommended ACL, word for word (<see cref="Readme_RecommendedBrokerConfiguration_IsTheOneTested"/>).</summary>
    internal static readonly string[] RecommendedAcl =
    [
        "pattern write paxman/v1/%u/#",
        "pattern read paxman/v1/%u/diag/request",
        "user tech-1",
        "topic write paxman/v1/+/diag/request",
        "topic read paxman/v1/+/diag/response/#",
        "topic read paxman/v1/+/status",
        "user billing",
        "topic read paxman/v1/+/sessions/+",
    ];

    private static readonly Dictionary<string, string> Passwords = new()
    {
        [UnitOne] = "u1-secret",
        [UnitTwo] = "u2-secret",
        [Technician] = "tech-secret",
        [Billing] = "billing-secret",
    };

    private readonly TestCertificates _tls = certificates.Tls;

    [Fact]
    public async Task Connect_Anonymous_IsRefused()
    {
        await using var broker = await StartBrokerAsync();

        var (code, account) = await BrokerAccount.TryConnectAsync(broker.Port, _tls, user: null, password: null);

        Assert.Null(account);
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, code);
    }

    [Fact]
    public async Task Connect_WrongPassword_IsRefused()
    {
        await using var broker = await StartBrokerAsync();

        var (code, account) = await BrokerAccount.TryConnectAsync(broker.Port, _tls, UnitOne, "not-the-password");

        Assert.Null(account);
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, code);
    }

    [Fact]
    public async Task Unit_PublishingUnderAnotherUnitsRoot_IsRefusedAndReachesNoSubscriber()
    {
        await using var broker = await StartBrokerAsync();
        await using var billing = await BrokerAccount.ConnectAsync(broker.Port, _tls, Billing, Passwords[Billing]);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await billing.SubscribeAsync("paxman/v1/+/sessions/+"));
        await using var unit = await BrokerAccount.ConnectAsync(broker.Port, _tls, UnitOne, Passwords[UnitOne]);

        var forged = await unit.PublishAsync($"paxman/v1/{UnitTwo}/sessions/s-forged", "{}");
        var own = await unit.PublishAsync($"paxman/v1/{UnitOne}/sessions/s-own", "{}");

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, forged);
        Assert.Equal(MqttClientPublishReasonCode.Success, own);
        await billing.WaitForAsync($"paxman/v1/{UnitOne}/sessions/s-own", Wait);
        Assert.Equal([$"paxman/v1/{UnitOne}/sessions/s-own"], billing.Received.Select(m => m.Topic));
    }

    [Fact]
    public async Task Unit_SubscribingToAnotherUnitsDiagRequest_GetsNothing()
    {
        await using var broker = await StartBrokerAsync();
        await using var unit = await BrokerAccount.ConnectAsync(broker.Port, _tls, UnitOne, Passwords[UnitOne]);
        await using var technician = await BrokerAccount.ConnectAsync(broker.Port, _tls, Technician, Passwords[Technician]);

        // Mosquitto 2.0 grants any subscription and checks the ACL on every message it would deliver (newer brokers
        // may refuse the SUBACK instead); what counts is that nothing of another unit's arrives.
        await unit.SubscribeAsync($"paxman/v1/{UnitTwo}/diag/request");
        await unit.SubscribeAsync("paxman/v1/+/diag/request");
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await unit.SubscribeAsync($"paxman/v1/{UnitOne}/diag/request"));
        Assert.Equal(MqttClientPublishReasonCode.Success, await technician.PublishAsync($"paxman/v1/{UnitTwo}/diag/request", """{"command":"status"}"""));
        Assert.Equal(MqttClientPublishReasonCode.Success, await technician.PublishAsync($"paxman/v1/{UnitOne}/diag/request", """{"command":"status"}"""));

        await unit.WaitForAsync($"paxman/v1/{UnitOne}/diag/request", Wait);
        Assert.All(unit.Received, m => Assert.Equal($"paxman/v1/{UnitOne}/diag/request", m.Topic));
    }

    [Fact]
    public async Task Unit_ReadingAnotherUnitsRecordsOrTheTechniciansAnswers_GetsNothing()
    {
        await using var broker = await StartBrokerAsync();
        await using var unitTwo = await BrokerAccount.ConnectAsync(broker.Port, _tls, UnitTwo, Passwords[UnitTwo]);
        await using var unitOne = await BrokerAccount.ConnectAsync(broker.Port, _tls, UnitOne, Passwords[UnitOne]);
        await unitTwo.SubscribeAsync("paxman/v1/#");
        await unitTwo.SubscribeAsync($"paxman/v1/{UnitTwo}/diag/request");
        await using var technician = await BrokerAccount.ConnectAsync(broker.Port, _tls, Technician, Passwords[Technician]);

        Assert.Equal(MqttClientPublishReasonCode.Success, await unitOne.PublishAsync($"paxman/v1/{UnitOne}/sessions/s-1", "{}"));
        Assert.Equal(MqttClientPublishReasonCode.Success, await unitOne.PublishAsync($"paxman/v1/{UnitOne}/diag/response/tech-1", "{}"));
        Assert.Equal(MqttClientPublishReasonCode.Success, await unitOne.PublishAsync($"paxman/v1/{UnitOne}/diag/request", "{}"));
        Assert.Equal(MqttClientPublishReasonCode.Success, await technician.PublishAsync($"paxman/v1/{UnitTwo}/diag/request", "{}"));

        // Mosquitto routes (or drops) a QoS 1 message before it sends the PUBACK, so the technician's request, sent
        // after unit one's PUBACKs, comes after anything of unit one's that could have reached unit two.
        await unitTwo.WaitForAsync($"paxman/v1/{UnitTwo}/diag/request", Wait);
        Assert.All(unitTwo.Received, m => Assert.Equal($"paxman/v1/{UnitTwo}/diag/request", m.Topic));
    }

    [Fact]
    public async Task Technician_PublishesDiagRequestAndReadsDiagResponse_ButCannotForgeRecords()
    {
        await using var broker = await StartBrokerAsync();
        await using var unit = await BrokerAccount.ConnectAsync(broker.Port, _tls, UnitOne, Passwords[UnitOne]);
        await using var billing = await BrokerAccount.ConnectAsync(broker.Port, _tls, Billing, Passwords[Billing]);
        await using var technician = await BrokerAccount.ConnectAsync(broker.Port, _tls, Technician, Passwords[Technician]);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await unit.SubscribeAsync($"paxman/v1/{UnitOne}/diag/request"));
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await technician.SubscribeAsync("paxman/v1/+/diag/response/#"));
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await billing.SubscribeAsync("paxman/v1/+/sessions/+"));

        Assert.Equal(MqttClientPublishReasonCode.Success, await technician.PublishAsync($"paxman/v1/{UnitOne}/diag/request", """{"command":"status"}"""));
        await unit.WaitForAsync($"paxman/v1/{UnitOne}/diag/request", Wait);
        Assert.Equal(MqttClientPublishReasonCode.Success, await unit.PublishAsync($"paxman/v1/{UnitOne}/diag/response/tech-1", """{"ok":true}"""));
        await technician.WaitForAsync($"paxman/v1/{UnitOne}/diag/response/tech-1", Wait);

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await technician.PublishAsync($"paxman/v1/{UnitOne}/sessions/s-forged", "{}"));
        Assert.Equal(MqttClientPublishReasonCode.Success, await unit.PublishAsync($"paxman/v1/{UnitOne}/sessions/s-real", "{}"));
        await billing.WaitForAsync($"paxman/v1/{UnitOne}/sessions/s-real", Wait);
        Assert.Equal([$"paxman/v1/{UnitOne}/sessions/s-real"], billing.Received.Select(m => m.Topic));
    }

    [Fact]
    public async Task Billing_SharedSubscription_ReceivesEveryUnitsRecordsUnderTheAcl()
    {
        await using var broker = await StartBrokerAsync();
        await using var billing = await BrokerAccount.ConnectAsync(broker.Port, _tls, Billing, Passwords[Billing]);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await billing.SubscribeAsync("$share/billing/paxman/v1/+/sessions/+"));
        await using var unitOne = await BrokerAccount.ConnectAsync(broker.Port, _tls, UnitOne, Passwords[UnitOne]);
        await using var unitTwo = await BrokerAccount.ConnectAsync(broker.Port, _tls, UnitTwo, Passwords[UnitTwo]);

        Assert.Equal(MqttClientPublishReasonCode.Success, await unitOne.PublishAsync($"paxman/v1/{UnitOne}/sessions/s-1", "{}"));
        Assert.Equal(MqttClientPublishReasonCode.Success, await unitTwo.PublishAsync($"paxman/v1/{UnitTwo}/sessions/s-2", "{}"));

        await billing.WaitForAsync($"paxman/v1/{UnitOne}/sessions/s-1", Wait);
        await billing.WaitForAsync($"paxman/v1/{UnitTwo}/sessions/s-2", Wait);
    }

    [Fact]
    public async Task MqttConnection_TlsWithTheCaAndItsAccount_PublishesOnlineStatusAndGetsItsDiagRequests()
    {
        await using var broker = await StartBrokerAsync();
        await using var technician = await BrokerAccount.ConnectAsync(broker.Port, _tls, Technician, Passwords[Technician]);
        await technician.SubscribeAsync($"paxman/v1/{UnitOne}/status");
        using var connection = NewConnection(broker.Port, new MqttOptions
        {
            Broker = "127.0.0.1", Port = broker.Port, UseTls = true, CaFile = _tls.CaFile, Username = UnitOne, Password = Passwords[UnitOne],
        });
        var requests = 0;
        connection.MessageReceived += _ => Interlocked.Increment(ref requests);
        connection.Subscribe($"paxman/v1/{UnitOne}/diag/request");

        await connection.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(() => connection.IsConnected, Wait, "connected over TLS");
        await technician.WaitForAsync($"paxman/v1/{UnitOne}/status", Wait);
        await technician.PublishAsync($"paxman/v1/{UnitOne}/diag/request", """{"command":"status"}""");
        await Eventually.TrueAsync(() => Volatile.Read(ref requests) == 1, Wait, "the technician's request");

        Assert.Contains("\"online\":true", technician.Received.Single(m => m.Topic.EndsWith("/status", StringComparison.Ordinal)).Payload, StringComparison.Ordinal);
        await connection.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task MqttConnection_BrokerRequiresClientCertificate_ConnectsWithItsCertificateAndDeliversARecord()
    {
        await using var broker = await StartBrokerAsync(requireCertificate: true);
        await using var billing = await BrokerAccount.TryConnectAsync(broker.Port, _tls, Billing, Passwords[Billing], await _tls.IssueClientAsync(Billing)) is (_, { } b)
            ? b : throw new InvalidOperationException("billing refused");
        await billing.SubscribeAsync("paxman/v1/+/sessions/+");
        var (certFile, keyFile) = await _tls.IssueClientAsync(UnitOne);
        using var connection = NewConnection(broker.Port, new MqttOptions
        {
            Broker = "127.0.0.1", Port = broker.Port, UseTls = true, CaFile = _tls.CaFile, Username = UnitOne, Password = Passwords[UnitOne],
            ClientCertFile = certFile, ClientKeyFile = keyFile,
        });

        await connection.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(() => connection.IsConnected, Wait, "connected with the client certificate");
        var result = await connection.TryPublishAsync(new MqttApplicationMessageBuilder().WithTopic($"paxman/v1/{UnitOne}/sessions/s-1")
            .WithPayload("""{"sessionId":"s-1"}""").WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).Build(),
            TestContext.Current.CancellationToken);

        Assert.Equal(MqttClientPublishReasonCode.Success, result?.ReasonCode);
        await billing.WaitForAsync($"paxman/v1/{UnitOne}/sessions/s-1", Wait);
        await connection.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task MqttConnection_BrokerRequiresClientCertificate_WithoutOneStaysDisconnectedAndWarns()
    {
        await using var broker = await StartBrokerAsync(requireCertificate: true);
        using var connection = NewConnection(broker.Port, new MqttOptions
        {
            Broker = "127.0.0.1", Port = broker.Port, UseTls = true, CaFile = _tls.CaFile, Username = UnitOne, Password = Passwords[UnitOne],
        });

        await connection.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(() => Logs.Entries.Any(e => e.Level == LogLevel.Warning && e.Message.Contains("127.0.0.1", StringComparison.Ordinal)),
            Wait, "a warning about the refused handshake");

        Assert.False(connection.IsConnected);
        await connection.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task MqttConnection_ClientCertificateFromAnotherCa_IsRefusedByTheBroker()
    {
        await using var broker = await StartBrokerAsync(requireCertificate: true);
        using var rogue = await TestCertificates.CreateAsync();
        var (certFile, keyFile) = await rogue.IssueClientAsync(UnitOne);
        using var connection = NewConnection(broker.Port, new MqttOptions
        {
            Broker = "127.0.0.1", Port = broker.Port, UseTls = true, CaFile = _tls.CaFile, Username = UnitOne, Password = Passwords[UnitOne],
            ClientCertFile = certFile, ClientKeyFile = keyFile,
        });

        await connection.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(() => Logs.Entries.Any(e => e.Level == LogLevel.Warning && e.Message.Contains("127.0.0.1", StringComparison.Ordinal)),
            Wait, "a warning about the refused handshake");

        Assert.False(connection.IsConnected);
        await connection.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task MqttConnection_BrokerCertificateFromAnotherCa_IsNotTrusted()
    {
        await using var broker = await StartBrokerAsync();
        using var other = await TestCertificates.CreateAsync();
        using var connection = NewConnection(broker.Port, new MqttOptions
        {
            Broker = "127.0.0.1", Port = broker.Port, UseTls = true, CaFile = other.CaFile, Username = UnitOne, Password = Passwords[UnitOne],
        });

        await connection.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(() => Logs.Entries.Any(e => e.Level == LogLevel.Warning && e.Message.Contains("127.0.0.1", StringComparison.Ordinal)),
            Wait, "a warning about the untrusted broker");

        Assert.False(connection.IsConnected);
        await connection.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public void Readme_RecommendedBrokerConfiguration_IsTheOneTested()
    {
        var readme = File.ReadAllLines(Path.Combine(RepoPaths.Root, "README.md")).Select(l => l.Trim()).ToList();

        var start = readme.IndexOf(RecommendedAcl[0]);
        Assert.True(start >= 0, "README shows the recommended ACL");
        var shown = readme.Skip(start).Where(l => l.Length > 0 && !l.StartsWith('#')).Take(RecommendedAcl.Length);
        Assert.Equal(RecommendedAcl, shown);
        foreach (var line in (string[])["listener 8883", "allow_anonymous false", "password_file", "acl_file", "cafile", "certfile", "keyfile", "require_certificate"])
        {
            Assert.Contains(readme, l => l.StartsWith(line, StringComparison.Ordinal));
        }
    }

    /// <summary>One CA and broker certificate for the class (openssl takes a moment per certificate).</summary>
    public sealed class Certificates : IAsyncLifetime
    {
        public TestCertificates Tls { get; private set; } = null!;

        public async ValueTask InitializeAsync() => Tls = await TestCertificates.CreateAsync();

        public ValueTask DisposeAsync()
        {
            Tls.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    private Task<MosquittoBroker> StartBrokerAsync(bool requireCertificate = false) => MosquittoBroker.StartAsync(security: new MosquittoSecurity
    {
        Users = Passwords,
        Acl = RecommendedAcl,
        Tls = _tls,
        RequireCertificate = requireCertificate,
    });

    private MqttConnection NewConnection(int port, MqttOptions options)
    {
        Assert.Equal(port, options.Port);
        return new MqttConnection(
            Options.Create(options),
            new UnitIdentity(UnitOne, "9.9.9", Simulated: true, new DateTimeOffset(2026, 1, 5, 13, 0, 0, TimeSpan.Zero)),
            TimeProvider.System,
            LoggerFor<MqttConnection>());
    }
}
