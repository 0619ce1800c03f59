using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Protocol;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Messaging.Tests.Security;

/// <summary>
/// A client of the secured test broker under one account (a unit, a technician, billing): MQTT 5 over TLS trusting
/// the test's CA, that reports the broker's answers (CONNACK, SUBACK and PUBACK reason codes) instead of throwing, and
/// keeps every message it gets, in order.
/// </summary>
internal sealed class BrokerAccount : IAsyncDisposable
{
    private readonly IMqttClient _client;
    private readonly ConcurrentQueue<(string Topic, string Payload)> _received = new();

    private BrokerAccount(IMqttClient client)
    {
        _client = client;
        _client.ApplicationMessageReceivedAsync += args =>
        {
            _received.Enqueue((args.ApplicationMessage.Topic, Encoding.UTF8.GetString(args.ApplicationMessage.Payload)));
            return Task.CompletedTask;
        };
    }

    public IReadOnlyList<(string Topic, string Payload)> Received => [.. _received];

    /// <summary>Connects; the CONNACK's code, or null when the TLS handshake or the connection itself failed.</summary>
    public static async Task<(MqttClientConnectResultCode? Code, BrokerAccount? Account)> TryConnectAsync(
        int port, TestCertificates tls, string? user, string? password, (string CertFile, string KeyFile)? certificate = null)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var authority = new X509Certificate2Collection();
        authority.ImportFromPemFile(tls.CaFile);
        var builder = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port)
            .WithClientId((user ?? "anonymous") + "-" + Guid.NewGuid().ToString("N")[..8])
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500).WithTimeout(TimeSpan.FromSeconds(5))
            .WithTlsOptions(o =>
            {
                o.UseTls().WithCertificateValidationHandler(args => ChainsTo(authority, args.Certificate, args.SslPolicyErrors));
                if (certificate is { } c)
                {
                    o.WithClientCertificates([X509Certificate2.CreateFromPemFile(c.CertFile, c.KeyFile)]);
                }
            });
        if (user is not null)
        {
            builder.WithCredentials(user, password);
        }

        try
        {
            var result = await client.ConnectAsync(builder.Build());
            if (result.ResultCode == MqttClientConnectResultCode.Success)
            {
                return (result.ResultCode, new BrokerAccount(client));
            }

            client.Dispose();
            return (result.ResultCode, null);
        }
        catch (Exception ex) when (ex is MqttCommunicationException or IOException or OperationCanceledException)
        {
            client.Dispose();
            return (null, null);
        }
    }

    /// <summary>Connects and fails the test unless the broker accepts.</summary>
    public static async Task<BrokerAccount> ConnectAsync(int port, TestCertificates tls, string user, string password)
    {
        var (code, account) = await TryConnectAsync(port, tls, user, password);
        Assert.True(account is not null, $"{user} refused: {code}");
        return account;
    }

    /// <summary>Subscribes at QoS 1; the SUBACK's code (GrantedQoS1 or a refusal such as NotAuthorized).</summary>
    public async Task<MqttClientSubscribeResultCode> SubscribeAsync(string filter)
    {
        var result = await _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce).Build());
        return Assert.Single(result.Items).ResultCode;
    }

    /// <summary>Publishes at QoS 1; the PUBACK's reason code.</summary>
    public async Task<MqttClientPublishReasonCode> PublishAsync(string topic, string payload)
    {
        var result = await _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        return result.ReasonCode;
    }

    /// <summary>Waits until a message on <paramref name="topic"/> has arrived.</summary>
    public Task WaitForAsync(string topic, TimeSpan wait) =>
        Eventually.TrueAsync(() => _received.Any(m => m.Topic == topic), wait, $"a message on {topic}");

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            try
            {
                await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build());
            }
            catch (MqttCommunicationException)
            {
                // The broker went first.
            }
        }

        _client.Dispose();
    }

    private static bool ChainsTo(X509Certificate2Collection authority, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
