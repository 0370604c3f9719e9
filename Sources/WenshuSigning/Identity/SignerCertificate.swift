import Foundation
import SwiftASN1
import X509

/// An X.509 certificate as the CMS needs it: the exact DER to embed and hash, and the issuer name and
/// serial number bytes as encoded (RFC 5652 §10.2.4 IssuerAndSerialNumber; RFC 5035 IssuerSerial).
///
/// The fields are sliced from the certificate's own bytes rather than re-encoded, so a name that its
/// issuer encoded in an unusual but valid way still matches byte for byte.
struct SignerCertificate: Sendable {
    let der: [UInt8]
    /// The issuer Name, tag and length included.
    let issuer: [UInt8]
    /// The serialNumber INTEGER's content bytes.
    let serialNumber: [UInt8]
    let publicKeyAlgorithm: ASN1ObjectIdentifier
    /// The subjectPublicKey BIT STRING's bytes: an RSAPublicKey DER or an EC point.
    let subjectPublicKey: [UInt8]
    let subject: String
    let notValidBefore: Date
    let notValidAfter: Date

    /// - Throws: `SigningError.credentials` naming `source` when the bytes are not a certificate.
    init(der: [UInt8], source: String) throws(SigningError) {
        let reader = ASN1Reader(context: source)
        let parsed: Certificate
        do {
            parsed = try Certificate(derEncoded: der)
        } catch {
            throw SigningError(.credentials, "\(source): not an X.509 certificate (\(error))")
        }
        do {
            let root = try DER.parse(der)
            let outer = try reader.sequence(root, "Certificate", atLeast: 3)
            var tbs = try reader.sequence(outer[0], "TBSCertificate", atLeast: 6)
            if reader.isContext(tbs[0], 0) { tbs.removeFirst() }  // [0] EXPLICIT version
            guard tbs.count >= 6 else { throw reader.fail("TBSCertificate is too short") }
            serialNumber = Array(try reader.integerBytes(tbs[0], "serialNumber"))
            issuer = Array(tbs[2].encodedBytes)
            let spki = try reader.sequence(tbs[5], "SubjectPublicKeyInfo", atLeast: 2)
            publicKeyAlgorithm = try reader.algorithm(spki[0], "SubjectPublicKeyInfo").oid
            subjectPublicKey = Array(try ASN1BitString(derEncoded: spki[1]).bytes)
        } catch let failure as ASN1Reader.Failure {
            throw SigningError(.credentials, "\(failure.message)")
        } catch {
            throw SigningError(.credentials, "\(source): cannot read the certificate's fields (\(error))")
        }
        self.der = der
        subject = parsed.subject.description
        notValidBefore = parsed.notValidBefore
        notValidAfter = parsed.notValidAfter
    }

    /// Every certificate in a PEM text, in order.
    static func all(pem: String, source: String) throws(SigningError) -> [SignerCertificate] {
        let documents: [PEMDocument]
        do { documents = try PEMDocument.parseMultiple(pemString: pem) } catch {
            throw SigningError(.credentials, "\(source): not a PEM file (\(error))")
        }
        var certificates: [SignerCertificate] = []
        for (index, document) in documents.enumerated() where document.discriminator == "CERTIFICATE" {
            certificates.append(try SignerCertificate(der: document.derBytes, source: "\(source) (certificate \(index + 1))"))
        }
        guard !certificates.isEmpty else {
            let found = documents.map(\.discriminator).joined(separator: ", ")
            throw SigningError(.credentials, "\(source): no CERTIFICATE block\(found.isEmpty ? "" : " (found \(found))")")
        }
        return certificates
    }
}
