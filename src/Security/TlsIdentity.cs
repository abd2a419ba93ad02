using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Ivm.Security;

/// <summary>
/// One component's side of the cluster's mutual TLS: its certificate and key, and the cluster CA it
/// trusts — and nothing else: the system's trust store plays no part, so only certificates issued by
/// <c>hpvm cluster init</c> for this cluster are accepted, in both directions.
/// </summary>
public sealed class TlsIdentity : IDisposable
{
    private TlsIdentity(X509Certificate2 certificate, X509Certificate2 authority)
    {
        Certificate = certificate;
        Authority = authority;
    }

    /// <summary>This component's certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The cluster CA.</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>
    /// Loads <c>NAME.crt</c>, <c>NAME.key</c> and <c>ca.crt</c> from <paramref name="directory"/>;
    /// throws <see cref="InvalidOperationException"/> with one line naming the missing or bad file.
    /// </summary>
    public static TlsIdentity Load(string directory, string name)
    {
        string crt = Path.Combine(directory, name + ".crt"), key = Path.Combine(directory, name + ".key");
        string ca = Path.Combine(directory, ClusterAuthority.AuthorityName + ".crt");
        foreach (string file in new[] { crt, key, ca })
        {
            if (!File.Exists(file))
            {
                throw new InvalidOperationException($"{file} not found (hpvm cluster init creates the cluster's certificates)");
            }
        }

        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(crt, key);
            // An ephemeral PEM key cannot be used by SslStream on every platform: round-trip it
            // through PKCS#12 so the key is attached the way TLS needs it.
            var certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
            var authority = X509CertificateLoader.LoadCertificateFromFile(ca);
            var identity = new TlsIdentity(certificate, authority);
            if (!identity.Trusts(certificate))
            {
                identity.Dispose();
                throw new InvalidOperationException($"{crt} was not issued by the CA in {ca} (or has expired)");
            }
            return identity;
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new InvalidOperationException($"{crt}/{key}: not a certificate and key pair: {e.Message}", e);
        }
    }

    /// <summary>Whether <paramref name="certificate"/> chains to the cluster CA alone and is valid now.</summary>
    public bool Trusts(X509Certificate2? certificate)
    {
        if (certificate is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.NoFlag;
        return chain.Build(certificate);
    }

    /// <summary>Kestrel's HTTPS settings: present this certificate, require a client certificate from the cluster CA.</summary>
    public void ConfigureServer(HttpsConnectionAdapterOptions https)
    {
        https.ServerCertificate = Certificate;
        https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
        https.SslProtocols = SslProtocols.Tls13 | SslProtocols.Tls12;
        https.ClientCertificateValidation = (certificate, _, _) => Trusts(certificate);
        https.CheckCertificateRevocation = false;
    }

    /// <summary>
    /// An HTTP handler for gRPC clients: presents this certificate and accepts only a server whose
    /// certificate comes from the cluster CA and names the host being called.
    /// </summary>
    public SocketsHttpHandler CreateClientHandler() => new()
    {
        EnableMultipleHttp2Connections = true,
        SslOptions = new SslClientAuthenticationOptions
        {
            ClientCertificates = [Certificate],
            EnabledSslProtocols = SslProtocols.Tls13 | SslProtocols.Tls12,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0
                && (errors & SslPolicyErrors.RemoteCertificateNotAvailable) == 0
                && Trusts(certificate as X509Certificate2 ?? (certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()))),
        },
    };

    /// <inheritdoc/>
    public void Dispose()
    {
        Certificate.Dispose();
        Authority.Dispose();
    }
}
