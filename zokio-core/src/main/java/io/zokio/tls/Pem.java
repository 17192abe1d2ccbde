package io.zokio.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * <b>Threading:</b> stateless.
 *
 * <p>Reads PEM files: certificate chains (any number of {@code CERTIFICATE} blocks) and one unencrypted
 * private key, as PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1
 * ({@code EC PRIVATE KEY}); the traditional forms are rewrapped as PKCS#8 with a few lines of DER, since the
 * JDK's key factories take PKCS#8 only.
 */
final class Pem {
    /** rsaEncryption, 1.2.840.113549.1.1.1, as a DER OBJECT IDENTIFIER. */
    private static final byte[] OID_RSA = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01,
        0x01, 0x01};
    /** id-ecPublicKey, 1.2.840.10045.2.1, as a DER OBJECT IDENTIFIER. */
    private static final byte[] OID_EC = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
    private static final byte[] DER_NULL = {0x05, 0x00};
    private static final String CONVERT = "convert it with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem";

    private Pem() {
    }

    /** One PEM block: its label (the word(s) after BEGIN) and its decoded body. */
    record Block(String label, byte[] der) {
    }

    static List<Block> blocks(String text, String source) throws IOException {
        List<Block> out = new ArrayList<>();
        int at = 0;
        while (true) {
            int begin = text.indexOf("-----BEGIN ", at);
            if (begin < 0) {
                return out;
            }
            int labelEnd = text.indexOf("-----", begin + 11);
            if (labelEnd < 0) {
                throw new IOException(source + ": unterminated PEM header");
            }
            String label = text.substring(begin + 11, labelEnd).trim();
            String endMarker = "-----END " + label + "-----";
            int end = text.indexOf(endMarker, labelEnd);
            if (end < 0) {
                throw new IOException(source + ": no '" + endMarker + "' after its BEGIN line");
            }
            String body = text.substring(labelEnd + 5, end);
            if (body.contains(":")) { // RFC 1421 headers, e.g. Proc-Type: 4,ENCRYPTED
                throw new IOException(source + ": PEM block '" + label + "' has headers (an encrypted traditional"
                        + " key?); only unencrypted keys are read: " + CONVERT);
            }
            try {
                out.add(new Block(label, Base64.getMimeDecoder().decode(body)));
            } catch (IllegalArgumentException e) {
                throw new IOException(source + ": bad base64 in PEM block '" + label + "'", e);
            }
            at = end + endMarker.length();
        }
    }

    static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.US_ASCII);
    }

    /** Every CERTIFICATE block of {@code file}, in order (leaf first for a chain). */
    static List<X509Certificate> certificates(Path file) throws IOException {
        List<X509Certificate> certs = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (Block b : blocks(read(file), file.toString())) {
                if (b.label().equals("CERTIFICATE")) {
                    certs.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(b.der())));
                }
            }
        } catch (CertificateException e) {
            throw new IOException(file + ": not a valid X.509 certificate: " + e.getMessage(), e);
        }
        if (certs.isEmpty()) {
            throw new IOException(file + ": no '-----BEGIN CERTIFICATE-----' block");
        }
        return certs;
    }

    /** The one private key of {@code file}. */
    static PrivateKey privateKey(Path file) throws IOException {
        for (Block b : blocks(read(file), file.toString())) {
            switch (b.label()) {
                case "PRIVATE KEY":
                    return pkcs8(b.der(), file);
                case "RSA PRIVATE KEY":
                    return pkcs8(wrapPkcs8(sequence(OID_RSA, DER_NULL), b.der()), file);
                case "EC PRIVATE KEY":
                    return pkcs8(wrapPkcs8(sequence(OID_EC, sec1Curve(b.der(), file)), b.der()), file);
                case "ENCRYPTED PRIVATE KEY":
                    throw new IOException(file + ": the private key is encrypted; only unencrypted keys are read: "
                            + CONVERT);
                default:
                    // e.g. EC PARAMETERS before the key, or a certificate in the same file
            }
        }
        throw new IOException(file + ": no '-----BEGIN PRIVATE KEY-----' block (nor RSA or EC PRIVATE KEY)");
    }

    private static PrivateKey pkcs8(byte[] der, Path file) throws IOException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        GeneralSecurityException last = null;
        for (String alg : new String[] {"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(spec);
            } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException e) {
                last = e;
            }
        }
        throw new IOException(file + ": private key is not an RSA, EC or EdDSA key in a form the JDK reads: "
                + (last == null ? "" : last.getMessage()) + "; " + CONVERT, last);
    }

    /** PrivateKeyInfo ::= SEQUENCE { version 0, algorithm AlgorithmIdentifier, privateKey OCTET STRING }. */
    private static byte[] wrapPkcs8(byte[] algorithm, byte[] key) {
        return tlv(0x30, concat(new byte[] {0x02, 0x01, 0x00}, algorithm, tlv(0x04, key)));
    }

    private static byte[] sequence(byte[]... parts) {
        return tlv(0x30, concat(parts));
    }

    /**
     * The curve OID of a SEC1 ECPrivateKey ::= SEQUENCE { version 1, privateKey OCTET STRING,
     * [0] parameters OPTIONAL, [1] publicKey OPTIONAL }; PKCS#8 wants it in the algorithm identifier.
     */
    private static byte[] sec1Curve(byte[] der, Path file) throws IOException {
        try {
            int[] seq = header(der, 0);
            int p = seq[0];
            int end = p + seq[1];
            while (p < end) {
                int tag = der[p] & 0xff;
                int[] h = header(der, p);
                if (tag == 0xa0) {
                    int[] inner = header(der, h[0]);
                    int innerLen = inner[0] - h[0] + inner[1];
                    byte[] oid = new byte[innerLen];
                    System.arraycopy(der, h[0], oid, 0, innerLen);
                    return oid;
                }
                p = h[0] + h[1];
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new IOException(file + ": malformed EC PRIVATE KEY; " + CONVERT, e);
        }
        throw new IOException(file + ": EC PRIVATE KEY names no curve; " + CONVERT);
    }

    /** DER header at {@code p}: {offset of the contents, length of the contents}. */
    private static int[] header(byte[] der, int p) {
        int len = der[p + 1] & 0xff;
        int q = p + 2;
        if (len >= 0x80) {
            int n = len & 0x7f;
            len = 0;
            for (int i = 0; i < n; i++) {
                len = (len << 8) | (der[q++] & 0xff);
            }
        }
        return new int[] {q, len};
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 6);
        out.write(tag);
        int len = value.length;
        if (len < 0x80) {
            out.write(len);
        } else if (len < 0x100) {
            out.write(0x81);
            out.write(len);
        } else if (len < 0x10000) {
            out.write(0x82);
            out.write(len >> 8);
            out.write(len);
        } else {
            out.write(0x83);
            out.write(len >> 16);
            out.write(len >> 8);
            out.write(len);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
