package dev.netservices.files.account;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Picks the stored password an unknown name is checked against: the hash of an account chosen by a keyed hash of the
 * name (the same one every time for one name, and no telling which). Unknown names then cost what the accounts cost,
 * in the same proportions, so timing tells neither whether a name exists nor which accounts have an unusual cost.
 */
public final class StandIns {

    private final byte[] key = new byte[32];

    public StandIns() {
        new SecureRandom().nextBytes(key);
    }

    /** One of {@code hashes} (in a fixed order, e.g. by account name) for {@code name}; null when there are none. */
    public String pick(List<String> hashes, String name) {
        if (hashes.isEmpty()) {
            return null;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] tag = mac.doFinal(name.getBytes(StandardCharsets.UTF_8));
            long pick = ((tag[0] & 0xFFL) << 24) | ((tag[1] & 0xFFL) << 16) | ((tag[2] & 0xFFL) << 8) | (tag[3] & 0xFFL);
            return hashes.get((int) (pick % hashes.size()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
