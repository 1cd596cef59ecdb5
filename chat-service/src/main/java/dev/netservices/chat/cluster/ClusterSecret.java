package dev.netservices.chat.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret the nodes of one room share ({@code chat.cluster.secret}), which makes a relay publication theirs: each
 * is sealed with an HMAC-SHA256 of its origin and messages, and a publication whose seal no accepted secret made is
 * refused on arrival. Whoever can publish on Redis but holds no secret can so neither speak as a member, nor announce
 * as the admin, nor have a member removed.
 *
 * <p>Rotation without downtime: every node signs with the current secret only and accepts the current one and the
 * {@code chat.cluster.accepted-secrets} (see docs/chat-protocol.md, "Relay messages", for the three steps).
 */
final class ClusterSecret {

    /** Short secrets can be guessed offline from one sealed publication; 32 characters of a random string cannot. */
    static final int MIN_LENGTH = 32;
    private static final String ALGORITHM = "HmacSHA256";

    /** The signing secret's first, then the further accepted ones: one copy per thread (see {@link #macs}). */
    private final List<Mac> prototypes;
    private final ThreadLocal<Mac[]> copies;

    private ClusterSecret(List<Mac> prototypes) {
        this.prototypes = prototypes;
        this.copies = ThreadLocal.withInitial(this::copy);
    }

    /**
     * The secret to sign with and the further ones accepted on arrival; fails with a message that names the setting
     * when the secret is missing or short, because a cluster node without one would relay lines anyone can forge.
     */
    static ClusterSecret of(String current, List<String> alsoAccepted) {
        if (current == null || current.isBlank()) {
            throw new IllegalStateException("chat.cluster.enabled=true needs chat.cluster.secret (CHAT_CLUSTER_SECRET, or a "
                    + "file chat.cluster.secret in a configtree such as /run/secrets): the nodes of one room seal their relay "
                    + "messages with it and refuse any not sealed with it. Make one with: openssl rand -base64 32");
        }
        List<Mac> macs = new ArrayList<>();
        macs.add(mac(current, "chat.cluster.secret"));
        for (String other : alsoAccepted == null ? List.<String>of() : alsoAccepted) {
            if (other != null && !other.isBlank()) {
                macs.add(mac(other, "chat.cluster.accepted-secrets"));
            }
        }
        return new ClusterSecret(List.copyOf(macs));
    }

    private static Mac mac(String secret, String setting) {
        if (secret.strip().length() < MIN_LENGTH) {
            throw new IllegalStateException(("%s is shorter than %d characters: a short secret can be guessed from one "
                    + "relay message; make one with: openssl rand -base64 32").formatted(setting, MIN_LENGTH));
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.strip().getBytes(UTF_8), ALGORITHM));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    /** The seal of {@code sealed} (origin and messages) with the current secret, in base64. */
    String seal(String sealed) {
        return Base64.getEncoder().withoutPadding().encodeToString(macs()[0].doFinal(sealed.getBytes(UTF_8)));
    }

    /** Whether {@code seal} was made of {@code sealed} with an accepted secret; compared in constant time. */
    boolean opens(String sealed, String seal) {
        byte[] claimed;
        try {
            claimed = Base64.getDecoder().decode(seal);
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] bytes = sealed.getBytes(UTF_8);
        boolean matched = false;
        for (Mac mac : macs()) {
            matched |= MessageDigest.isEqual(mac.doFinal(bytes), claimed);
        }
        return matched;
    }

    /**
     * This thread's copies: a {@link Mac} holds state, and sealing and opening run on different threads. One copy per
     * thread, made once, not one per use: a copy per publication was an allocation of the Mac and its digest on each
     * node's hot path of every relayed line ({@code doFinal} leaves a Mac ready for the next message).
     */
    private Mac[] macs() {
        return copies.get();
    }

    private Mac[] copy() {
        Mac[] macs = new Mac[prototypes.size()];
        for (int i = 0; i < macs.length; i++) {
            try {
                macs[i] = (Mac) prototypes.get(i).clone();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException("HmacSHA256 of this JVM cannot be copied", e);
            }
        }
        return macs;
    }
}
