using System.Security.Cryptography;
using System.Text;

namespace Ivm.Migration;

/// <summary>
/// The key agreement of one migration: an ephemeral ECDH P-256 key pair per end, the shared secret
/// stretched with HKDF-SHA256 (salt: the migration id; info: the transcript and, when the target
/// knows the controller's token, an HMAC of the transcript under the token) into one AES-256 key
/// per direction. The proofs are HMACs under the token, so a party without the token can neither
/// pass for the source nor for the target, nor derive the keys.
/// </summary>
public sealed class MigrationKeys : IDisposable
{
    public const int KeyBytes = 32;

    private readonly ECDiffieHellman _ecdh = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);

    public MigrationKeys(string migrationId)
    {
        MigrationId = migrationId;
        PublicKey = _ecdh.ExportSubjectPublicKeyInfo();
    }

    public string MigrationId { get; }

    /// <summary>This end's key share (SubjectPublicKeyInfo).</summary>
    public byte[] PublicKey { get; }

    /// <summary>The source's proof in its Hello: it knows the token of this migration.</summary>
    public static byte[] HelloProof(ReadOnlySpan<byte> token, string migrationId, ReadOnlySpan<byte> sourceKey) =>
        Mac(token, "hello", Encoding.UTF8.GetBytes(migrationId), sourceKey);

    /// <summary>Both key shares and the migration id, hashed: what the proofs and keys are bound to.</summary>
    public static byte[] Transcript(string migrationId, ReadOnlySpan<byte> sourceKey, ReadOnlySpan<byte> targetKey, bool tokenBound)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData("ivm-migration-v1"u8);
        hash.AppendData(Encoding.UTF8.GetBytes(migrationId));
        AppendLength(hash, sourceKey.Length);
        hash.AppendData(sourceKey);
        AppendLength(hash, targetKey.Length);
        hash.AppendData(targetKey);
        hash.AppendData([tokenBound ? (byte)1 : (byte)0]);
        return hash.GetHashAndReset();
    }

    /// <summary>The target's proof in its HelloReply.</summary>
    public static byte[] TargetProof(ReadOnlySpan<byte> token, ReadOnlySpan<byte> transcript) => Mac(token, "target", transcript, []);

    /// <summary>
    /// The two directions' keys: source-to-target first. <paramref name="token"/> is empty when the
    /// target did not know it (then only the transcript binds them).
    /// </summary>
    public (byte[] SourceToTarget, byte[] TargetToSource) Derive(ReadOnlySpan<byte> peerPublicKey, ReadOnlySpan<byte> transcript, ReadOnlySpan<byte> token)
    {
        using var peer = ECDiffieHellman.Create();
        try
        {
            peer.ImportSubjectPublicKeyInfo(peerPublicKey, out _);
        }
        catch (CryptographicException e)
        {
            throw new MigrationFailure(MigrationStage.Init, $"the peer's key share is not an ECDH P-256 public key ({e.Message})");
        }

        if (peer.KeySize != 256)
        {
            throw new MigrationFailure(MigrationStage.Init, $"the peer's key share is a {peer.KeySize}-bit key; P-256 is required");
        }

        byte[] shared = _ecdh.DeriveRawSecretAgreement(peer.PublicKey);
        byte[] binding = token.IsEmpty ? [] : Mac(token, "bind", transcript, []);
        byte[] info = [.. "ivm-migration-v1 keys"u8, .. transcript, .. binding];
        byte[] keys = HKDF.DeriveKey(HashAlgorithmName.SHA256, shared, 2 * KeyBytes, Encoding.UTF8.GetBytes(MigrationId), info);
        CryptographicOperations.ZeroMemory(shared);
        return (keys[..KeyBytes], keys[KeyBytes..]);
    }

    /// <summary>Constant-time comparison of proofs.</summary>
    public static bool Matches(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual) =>
        expected.Length == actual.Length && CryptographicOperations.FixedTimeEquals(expected, actual);

    public void Dispose() => _ecdh.Dispose();

    private static byte[] Mac(ReadOnlySpan<byte> token, string label, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        using var mac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, token);
        mac.AppendData(Encoding.UTF8.GetBytes(label));
        AppendLength(mac, a.Length);
        mac.AppendData(a);
        AppendLength(mac, b.Length);
        mac.AppendData(b);
        return mac.GetHashAndReset();
    }

    private static void AppendLength(IncrementalHash hash, int length)
    {
        Span<byte> bytes = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(bytes, length);
        hash.AppendData(bytes);
    }
}
