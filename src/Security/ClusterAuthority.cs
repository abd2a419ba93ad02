using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Ivm.Security;

/// <summary>
/// The cluster's own certificate authority, as <c>hpvm cluster init</c> creates it: a CA, then one
/// certificate per component (the controller, each host agent, the admin user) signed by it. Every
/// gRPC connection in the cluster is TLS with both sides presenting one of these, so a process
/// without a certificate from this CA is refused (<see cref="TlsIdentity"/>).
/// Files in the directory: <c>ca.crt</c>, <c>ca.key</c> and <c>NAME.crt</c>/<c>NAME.key</c> (PEM);
/// the private keys are written readable by their owner only.
/// </summary>
public static class ClusterAuthority
{
    /// <summary>Name of the CA's certificate file; every component trusts exactly this CA.</summary>
    public const string AuthorityName = "ca";

    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    /// <summary>
    /// Creates the CA and a certificate for each of <paramref name="servers"/> (controller and hosts:
    /// they serve and call, so they get both uses) and <paramref name="clients"/> (admin users).
    /// Server certificates name localhost, the loopback addresses, the component's own name and
    /// <paramref name="addresses"/> (IP addresses or DNS names the components are reached at).
    /// Refuses to overwrite an existing CA: a new CA would lock every issued certificate out.
    /// </summary>
    public static IReadOnlyList<string> Initialize(string directory, IEnumerable<string> servers, IEnumerable<string> clients,
        IEnumerable<string> addresses, TimeSpan validity)
    {
        string caPath = Path.Combine(directory, AuthorityName + ".crt");
        if (File.Exists(caPath))
        {
            throw new InvalidOperationException($"{caPath} already exists: a cluster CA is already initialized there (remove the directory to start over)");
        }

        Directory.CreateDirectory(directory);
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Ivm cluster CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now, now + validity);

        var written = new List<string>();
        Save(directory, AuthorityName, ca, caKey, written);
        var addressList = addresses.ToList();
        foreach (string server in servers)
        {
            Issue(directory, ca, caKey, server, "server", addressList, server: true, now, validity, written);
        }
        foreach (string client in clients)
        {
            Issue(directory, ca, caKey, client, "admin", [], server: false, now, validity, written);
        }

        return written;
    }

    private static void Issue(string directory, X509Certificate2 ca, ECDsa caKey, string name, string role, IReadOnlyList<string> addresses,
        bool server, DateTimeOffset now, TimeSpan validity, List<string> written)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}, OU={role}, O=Ivm cluster", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            server ? [ServerAuthentication, ClientAuthentication] : [ClientAuthentication], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        if (server)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddDnsName(name);
            names.AddIpAddress(IPAddress.Loopback);
            names.AddIpAddress(IPAddress.IPv6Loopback);
            foreach (string address in addresses)
            {
                if (IPAddress.TryParse(address, out var ip))
                {
                    names.AddIpAddress(ip);
                }
                else
                {
                    names.AddDnsName(address);
                }
            }
            request.CertificateExtensions.Add(names.Build());
        }

        byte[] serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var certificate = request.Create(ca, now, now + validity, serial);
        Save(directory, name, certificate, key, written);
    }

    private static void Save(string directory, string name, X509Certificate2 certificate, ECDsa key, List<string> written)
    {
        string crt = Path.Combine(directory, name + ".crt"), keyPath = Path.Combine(directory, name + ".key");
        if (File.Exists(crt) || File.Exists(keyPath))
        {
            throw new InvalidOperationException($"{crt} already exists: names must be unique");
        }

        File.WriteAllText(crt, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, string.Empty);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        written.Add(crt);
        written.Add(keyPath);
    }
}
