package dev.netservices.chat.admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * An admin password made up at start when none is set, and the file it is handed over in. The file is created
 * readable and writable by the service's user only (mode 600) before the password is written into it, then moved
 * into place, so that no one else can read it even for a moment; the log says where it is, never what it is
 * (logs are read by more people and kept longer than a file the operator opens once).
 */
final class GeneratedAdminPassword {

    private GeneratedAdminPassword() {
    }

    /** Makes a password, writes it to {@code file} (replacing what was there) and returns it. */
    static String writeTo(Path file) throws IOException {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path draft = Files.createTempFile(target.getParent(), ".chat-admin-password", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(draft, password + "\n");
            Files.move(draft, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(draft);
        }
        return password;
    }
}
