package io.zokio.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Pem}: malformed PEM text is refused with the file and the problem named; blocks of other kinds are
 * passed over; SEC1 EC keys are read with the curve they name (long DER lengths included), and one that names
 * none is refused with the conversion to use.
 */
@Timeout(60)
class PemFilesTest {
    /** secp384r1, 1.3.132.0.34, as a DER OBJECT IDENTIFIER. */
    private static final byte[] OID_P384 = HexFormat.of().parseHex("06052b81040022");

    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void malformedPemTextIsRefusedNamingTheFileAndTheFault() throws Exception {
        Path header = file("header.pem", "-----BEGIN CERTIFICATE\nMIIB\n");
        IOException e = assertThrows(IOException.class, () -> Pem.certificates(header));
        assertEquals(header + ": unterminated PEM header", e.getMessage());

        Path noEnd = file("noend.pem", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END PRIVATE KEY-----\n");
        e = assertThrows(IOException.class, () -> Pem.certificates(noEnd));
        assertEquals(noEnd + ": no '-----END CERTIFICATE-----' after its BEGIN line", e.getMessage());

        Path base64 = file("b64.pem", "-----BEGIN PRIVATE KEY-----\nAAAAA\n-----END PRIVATE KEY-----\n");
        e = assertThrows(IOException.class, () -> Pem.privateKey(base64));
        assertEquals(base64 + ": bad base64 in PEM block 'PRIVATE KEY'", e.getMessage());
        assertTrue(e.getCause() instanceof IllegalArgumentException, String.valueOf(e.getCause()));

        Path notX509 = file("junk.crt", Certs.pem("CERTIFICATE", new byte[] {0x30, 0x03, 0x02, 0x01, 0x00}));
        e = assertThrows(IOException.class, () -> TlsConfig.builder().trustPem(notX509));
        assertTrue(e.getMessage().startsWith(notX509 + ": not a valid X.509 certificate"), e.getMessage());
    }

    @Test
    void blocksOfOtherKindsArePassedOver() throws Exception {
        Certs certs = Certs.get();
        // key and certificate in one file, in either order, with an unrelated block between them
        String key = Files.readString(certs.expiredKey);
        String crt = Files.readString(certs.serverCrt);
        String params = Certs.pem("EC PARAMETERS", HexFormat.of().parseHex("06082a8648ce3d030107"));
        Path both = file("both.pem", crt + params + key);
        assertEquals(List.of(Pem.certificates(certs.serverCrt).getFirst()), Pem.certificates(both));
        assertEquals(Pem.privateKey(certs.expiredKey), Pem.privateKey(both));
        Path keyFirst = file("keyfirst.pem", key + crt);
        assertEquals(1, Pem.certificates(keyFirst).size());
        IOException e = assertThrows(IOException.class, () -> Pem.certificates(file("onlykey.pem", key)));
        assertTrue(e.getMessage().contains("no '-----BEGIN CERTIFICATE-----' block"), e.getMessage());
    }

    @Test
    void sec1KeysAreReadWithTheCurveTheyName() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPair kp = g.generateKeyPair();
        ECPrivateKey priv = (ECPrivateKey) kp.getPrivate();
        ECPublicKey pub = (ECPublicKey) kp.getPublic();
        // ECPrivateKey ::= SEQUENCE { version 1, privateKey OCTET STRING, [0] curve, [1] publicKey BIT STRING }:
        // 164 bytes of contents, so its length takes the long form
        byte[] point = concat(new byte[] {0x00, 0x04}, fixed(pub.getW().getAffineX(), 48),
                fixed(pub.getW().getAffineY(), 48));
        byte[] sec1 = tlv(0x30, concat(new byte[] {0x02, 0x01, 0x01}, tlv(0x04, fixed(priv.getS(), 48)),
                tlv(0xa0, OID_P384), tlv(0xa1, tlv(0x03, point))));
        assertEquals((byte) 0x81, sec1[1], "the long form of a DER length");
        Path p = file("p384.pem", Certs.pem("EC PRIVATE KEY", sec1));
        PrivateKey read = Pem.privateKey(p);
        assertEquals("EC", read.getAlgorithm());
        assertEquals(priv.getS(), ((ECPrivateKey) read).getS());
        assertEquals(priv.getParams().getCurve(), ((ECPrivateKey) read).getParams().getCurve());
    }

    @Test
    void sec1KeysWithoutACurveOrCutShortAreRefused() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        ECPrivateKey priv = (ECPrivateKey) g.generateKeyPair().getPrivate();
        byte[] noCurve = tlv(0x30, concat(new byte[] {0x02, 0x01, 0x01}, tlv(0x04, fixed(priv.getS(), 32))));
        Path p = file("nocurve.pem", Certs.pem("EC PRIVATE KEY", noCurve));
        IOException e = assertThrows(IOException.class, () -> Pem.privateKey(p));
        assertEquals(p + ": EC PRIVATE KEY names no curve; "
                + "convert it with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem", e.getMessage());

        byte[] cut = Arrays.copyOf(tlv(0x30, concat(new byte[] {0x02, 0x01, 0x01}, tlv(0x04, fixed(priv.getS(), 32)),
                tlv(0xa0, HexFormat.of().parseHex("06082a8648ce3d030107")))), 20);
        Path q = file("cut.pem", Certs.pem("EC PRIVATE KEY", cut));
        e = assertThrows(IOException.class, () -> Pem.privateKey(q));
        assertTrue(e.getMessage().startsWith(q + ": malformed EC PRIVATE KEY"), e.getMessage());
    }

    private static byte[] fixed(BigInteger v, int len) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[len];
        int n = Math.min(b.length, len);
        System.arraycopy(b, b.length - n, out, len - n, n);
        return out;
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (value.length < 0x80) {
            out.write(value.length);
        } else {
            out.write(0x81);
            out.write(value.length);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] b : parts) {
            out.writeBytes(b);
        }
        return out.toByteArray();
    }
}
