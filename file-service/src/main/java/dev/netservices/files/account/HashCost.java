package dev.netservices.files.account;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stored password formats the service accepts, and the work checking one costs: what decides how long a
 * {@code LOGIN} takes, so what a stand-in for an unknown name must match ({@link AccountFile#standInFor}).
 *
 * <p>Only formats Spring Security's delegating encoder checks with what is on our class path: {@code {bcrypt}}
 * (what {@code --hash-password} writes; its cost is in the hash) and the two {@code {pbkdf2}} variants (fixed
 * iterations each, so the id is the cost). {@code {scrypt}} and {@code {argon2}} need Bouncy Castle, which we do
 * not ship; the rest are unsalted or fast digests. Each accepted body is checked for shape here, so a malformed
 * one is refused when the file is read instead of failing the encoder at the first {@code LOGIN}.
 *
 * @param id          the {@code {id}} of the stored password, without braces
 * @param parameters  what else sets the work: {@code cost 12} for bcrypt, empty where the id says it all
 */
public record HashCost(String id, String parameters) {

    private static final Pattern ENCODED = Pattern.compile("\\{([^{}]*)}(.*)");
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]?\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}");
    /** Hex of salt and hash: 8 + 32 bytes for {@code {pbkdf2}}, 16 + 32 for the 5.8 defaults. */
    private static final Map<String, Pattern> BODIES = Map.of(
            "bcrypt", BCRYPT,
            "pbkdf2", Pattern.compile("[0-9a-fA-F]{80}"),
            "pbkdf2@SpringSecurity_v5_8", Pattern.compile("[0-9a-fA-F]{96}"));

    /** The cost of {@code encoded}, which {@link #refusal} accepted. */
    static HashCost of(String encoded) {
        Matcher whole = ENCODED.matcher(encoded);
        if (!whole.matches()) {
            throw new IllegalArgumentException("not an {id}encoded password");
        }
        String id = whole.group(1);
        if (id.equals("bcrypt")) {
            Matcher bcrypt = BCRYPT.matcher(whole.group(2));
            return new HashCost(id, bcrypt.matches() ? "cost " + Integer.parseInt(bcrypt.group(1)) : "");
        }
        return new HashCost(id, "");
    }

    /** Why {@code encoded} is not a password the service can check (never quoting it), or null when it is one. */
    static String refusal(String encoded) {
        Matcher whole = ENCODED.matcher(encoded);
        if (!whole.matches()) {
            return "the password is not {id}encoded";
        }
        Pattern body = BODIES.get(whole.group(1));
        if (body == null) {
            return "{" + whole.group(1) + "} is not supported (use {bcrypt}: --hash-password writes it)";
        }
        if (!body.matcher(whole.group(2)).matches()) {
            return "the {" + whole.group(1) + "} password is malformed";
        }
        return null;
    }

    @Override
    public String toString() {
        return parameters.isEmpty() ? id : id + " " + parameters;
    }
}
