package dev.tailwatch.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A private CA and a broker certificate for 127.0.0.1/localhost (and the compose stack's {@value #COMPOSE_HOST}), written as PKCS12 files, so the secured trial
 * broker needs no keytool or openssl. Not a production PKI: the CA key is thrown away once the broker
 * certificate is signed, and both live a year.
 */
final class LocalCertificates {

    /** The secured compose stack's broker host name (docker/compose.secure.yml). */
    static final String COMPOSE_HOST = "kafka";
    private static final Duration VALIDITY = Duration.ofDays(365);
    private static final SecureRandom RANDOM = new SecureRandom();

    private LocalCertificates() {
    }

    /**
     * Writes {@code keystore} (the broker's key and its chain) and {@code truststore} (the CA certificate).
     */
    static void write(Path keystore, Path truststore, char[] keystorePassword, char[] truststorePassword) throws IOException {
        try {
            KeyPair ca = keyPair();
            X500Principal caName = new X500Principal("CN=tailwatch trial CA");
            X509Certificate caCert = sign(caName, ca.getPublic(), caName, ca, true);
            KeyPair broker = keyPair();
            X509Certificate brokerCert = sign(new X500Principal("CN=localhost"), broker.getPublic(), caName, ca, false);

            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("broker", broker.getPrivate(), keystorePassword, new Certificate[] {brokerCert, caCert});
            store(keys, keystore, keystorePassword);

            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("tailwatch-ca", caCert);
            store(trust, truststore, truststorePassword);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot create the trial broker's certificates: " + e.getMessage(), e);
        }
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048, RANDOM);
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(X500Principal subject, java.security.PublicKey key, X500Principal issuer, KeyPair issuerKeys,
                                        boolean authority) throws GeneralSecurityException, OperatorCreationException, IOException {
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(VALIDITY)), subject, key);
        if (authority) {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            // Clients verify the host name (ssl.endpoint.identification.algorithm=https) against these. "kafka" is the
            // broker's service name in docker/compose.secure.yml, which runs its broker with this certificate.
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.dNSName, COMPOSE_HOST)}));
        }
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKeys.getPrivate())));
    }

    private static void store(KeyStore store, Path file, char[] password) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password);
        }
        SecureBrokerFiles.ownerOnly(file);
    }
}
