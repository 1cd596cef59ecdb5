package dev.netservices.client.files;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A fresh SHA-256, the digest every transfer is verified by: a copy of one found once, not a provider lookup per file
 * (a mirror asks for one per file, 2,000 in the benchmark's tree, and the lookup and its reflective constructor ran in
 * the interpreter each time: profiled). The same algorithm from the same provider, cloned in its initial state.
 */
final class Sha256 {

    private static final MessageDigest PROTOTYPE = lookUp();

    private Sha256() {
    }

    static MessageDigest digest() {
        try {
            return (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            // a provider whose digest cannot be copied: found anew, as before
            return lookUp();
        }
    }

    private static MessageDigest lookUp() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
