package org.mailedge.node.attenuation;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed, salted verifiers of passwords that the central server accepted.
 *
 * <p>The edge must check a PASS locally on every attenuated check, so the check has to cost
 * microseconds: a slow hash (bcrypt, PBKDF2) would make the attenuated path slower than the
 * central server. Speed is safe here because the key is 32 random bytes drawn at start and
 * held only in this process: a dump of the attenuation table (heap dump, core file) gives
 * salted HMAC-SHA-256 values under an unknown key, from which no password can be guessed
 * offline. Nothing produced here is ever written to disk; a persisted verifier would need a
 * slow hash instead.
 *
 * <p>A verifier is the first 128 bits of HMAC-SHA-256(key, salt || user || 0 || password),
 * held as two longs so that an entry of the attenuation table stays small.
 */
public final class PasswordVerifier {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecureRandom random = new SecureRandom();
    private final ThreadLocal<Mac> macs;

    public PasswordVerifier() {
        byte[] key = new byte[32];
        random.nextBytes(key);
        SecretKeySpec spec = new SecretKeySpec(key, ALGORITHM);
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance(ALGORITHM);
                mac.init(spec);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is part of every Java 17 runtime", e);
            }
        });
    }

    /** A verifier for a password the central server has just accepted, under a fresh salt. */
    public Verifier create(String user, String password) {
        long salt = random.nextLong();
        long[] digest = digest(salt, user, password);
        return new Verifier(salt, digest[0], digest[1]);
    }

    public boolean matches(Verifier verifier, String user, String password) {
        long[] digest = digest(verifier.salt(), user, password);
        // compare without an early exit, so timing does not tell how much matched
        return ((digest[0] ^ verifier.high()) | (digest[1] ^ verifier.low())) == 0;
    }

    private long[] digest(long salt, String user, String password) {
        Mac mac = macs.get();
        mac.update(ByteBuffer.allocate(Long.BYTES).putLong(0, salt));
        mac.update(user.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        ByteBuffer out = ByteBuffer.wrap(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        return new long[] {out.getLong(0), out.getLong(Long.BYTES)};
    }

    /** Salt and truncated digest; {@code toString} shows neither. */
    public record Verifier(long salt, long high, long low) {
        @Override
        public String toString() {
            return "Verifier[redacted]";
        }
    }
}
